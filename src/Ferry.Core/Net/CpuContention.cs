using System.Buffers.Text;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Net;

/// <summary>
/// Whether the threads that run a connection's transfer are kept waiting for a processor: of the time
/// they wanted to run, the share they spent waiting on the scheduler's run queue (Linux keeps both per
/// thread in /proc/thread-self/schedstat). A transfer asks it to choose between two ways of sending
/// that trade the server's CPU against the client's: with a processor to itself the server can afford
/// the dearer way when it spares the client, and when other work holds the processor every CPU-second
/// the server saves is throughput. One instance per connection, used by one transfer at a time.
/// </summary>
/// <remarks>
/// Measured on the benchmark's machine kind, a 1 GiB FTPS download with the server pinned to one
/// processor: its sending thread waited 3-4% of its time with that processor to itself and 50-52% with
/// a busy loop beside it (docs/performance.md), so the thresholds below sit far from both.
/// Where the file cannot be read (not Linux, or a kernel built without schedstat) it never reports
/// contention, and its callers keep the way they would take on a quiet machine.
/// </remarks>
public sealed class CpuContention
{
    /// <summary>Contended from this waiting share on.</summary>
    internal const double ContendedFrom = 0.25;

    /// <summary>Quiet again below this share: between the two, the last verdict holds, so a share near one threshold does not flip it at every window.</summary>
    internal const double QuietBelow = 0.10;

    /// <summary>
    /// The thread time (running plus waiting) one verdict rests on: 20 ms, several of the scheduler's
    /// slices (a few ms each with two busy tasks on a processor), so one preemption more or less does
    /// not decide it, and short next to a large transfer (a 1 GiB download takes about a second).
    /// </summary>
    internal const long WindowNanoseconds = 20_000_000;

    /// <summary>How many bytes a transfer sends between two samples (<see cref="CountSent"/>): one system call per MiB, nothing next to the copying of it.</summary>
    public const int SampleBytes = 1024 * 1024;

    /// <summary>
    /// The same until the first verdict. A plain download's work is spread over several threads, and a
    /// sample pairs only with the last one on its own thread: at one per MiB, a busy-looped server's
    /// copy took 35-300 MiB to fill its first window of 20 ms. Every 128 KiB it takes an eighth of
    /// that, and costs some 10 µs per MiB more until then.
    /// </summary>
    public const int FirstSampleBytes = 128 * 1024;

    private const string SchedStatPath = "/proc/thread-self/schedstat";

    /// <summary>
    /// This thread's schedstat, opened on the thread's first sample: the path names the thread that
    /// opens it, and a read of the open file costs one pread (about 1.6 µs here) where opening it each
    /// time cost 13 µs. Once a pool thread has ended, its handle is collected and closed like any other.
    /// </summary>
    [ThreadStatic]
    private static SafeFileHandle? _schedStat;

    private bool _measures;
    private int _thread;
    private long _running;
    private long _waiting;
    private long _windowRunning;
    private long _windowWaiting;
    private long _sentSinceSample;
    private bool _judged;

    /// <param name="measure">False: <see cref="Sample"/> reads nothing and the instance learns only from <see cref="Add"/>.</param>
    public CpuContention(bool measure = true)
    {
        _measures = measure && OperatingSystem.IsLinux();
    }

    /// <summary>The verdict of the last full window: false until one says otherwise.</summary>
    public bool Contended { get; private set; }

    /// <summary>How many times <see cref="Sample"/> was called (what the tests of <see cref="CountSent"/> count).</summary>
    internal int Samples { get; private set; }

    /// <summary>
    /// Reads the calling thread's times. Two samples on the same thread add what passed between them to
    /// the window (the thread may have run other connections' work meanwhile: that is the same
    /// process's contention); a sample on another thread (a transfer moves between pool threads) only
    /// starts over from there. Costs a system call: call it every megabyte or so, not per write.
    /// </summary>
    public void Sample()
    {
        Samples++;
        if (!_measures)
        {
            return;
        }

        if (!TryReadThisThread(out var running, out var waiting))
        {
            _measures = false; // no such file here: it will not appear later
            return;
        }

        var thread = Environment.CurrentManagedThreadId;
        if (thread == _thread)
        {
            Add(running - _running, waiting - _waiting);
        }

        _thread = thread;
        _running = running;
        _waiting = waiting;
    }

    /// <summary>Counts bytes a transfer sent on the calling thread, and samples it (<see cref="Sample"/>) once per <see cref="SampleBytes"/> (<see cref="FirstSampleBytes"/> before the first verdict).</summary>
    public void CountSent(long bytes)
    {
        _sentSinceSample += bytes;
        if (_sentSinceSample >= (_judged ? SampleBytes : FirstSampleBytes))
        {
            _sentSinceSample = 0;
            Sample();
        }
    }

    /// <summary>Adds a stretch of one thread's time, as <see cref="Sample"/> does; a full window gives the verdict and starts the next.</summary>
    public void Add(long runningNanoseconds, long waitingNanoseconds)
    {
        _windowRunning += Math.Max(0, runningNanoseconds);
        _windowWaiting += Math.Max(0, waitingNanoseconds);
        var total = _windowRunning + _windowWaiting;
        if (total < WindowNanoseconds)
        {
            return;
        }

        var share = (double)_windowWaiting / total;
        Contended = Contended ? share >= QuietBelow : share >= ContendedFrom;
        _judged = true;
        _windowRunning = 0;
        _windowWaiting = 0;
    }

    /// <summary>
    /// The calling thread's nanoseconds on a processor and waiting for one: the file's first two numbers
    /// (a read at offset 0 makes the kernel write them afresh).
    /// </summary>
    internal static bool TryReadThisThread(out long running, out long waiting)
    {
        running = 0;
        waiting = 0;
        Span<byte> text = stackalloc byte[96];
        int length;
        try
        {
            _schedStat ??= File.OpenHandle(SchedStatPath);
            length = RandomAccess.Read(_schedStat, text, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }

        text = text[..length];
        if (!Utf8Parser.TryParse(text, out running, out var consumed) || consumed >= text.Length)
        {
            return false;
        }

        text = text[(consumed + 1)..];
        return Utf8Parser.TryParse(text, out waiting, out _);
    }
}
