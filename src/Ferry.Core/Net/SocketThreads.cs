using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Ferry.Core.Net;

/// <summary>
/// Where socket work runs. With inline completions on (the host's choice, made for the whole process
/// before the first socket, because .NET reads it once), a connection's step (a command, a small GET)
/// runs on the socket thread that took the event, with no hand-over to the thread pool: on a busy or
/// virtual machine the hand-overs, and the pool workers spinning for them, cost more than the step.
/// That thread serves every other connection of its share, so work that may hold it for long (a disk
/// write with its fsync, a tree walk, a whole transfer) goes back to the pool with the helpers here.
/// With inline completions off they cost nothing: socket work then completes on the pool already.
/// </summary>
public static class SocketThreads
{
    /// <summary>The runtime's switch, read by .NET once for the process (System.Net.Sockets' SocketAsyncEngine).</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>How many socket threads .NET starts (its SocketAsyncEngine count), read with the switch above.</summary>
    public const string ThreadCountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>
    /// The socket threads to start when they run the connections' steps: half the CPUs, at least one.
    /// .NET's own choice with inline completions is one per CPU; then every socket thread sleeps in
    /// its own epoll_wait and is woken for each few events, and the pool's workers (transfers, TLS,
    /// the disk), the clients on the same machine and those threads all contend for the same CPUs.
    /// On a 2-vCPU machine one socket thread (with the pool's workers not spinning, see Ferry.csproj)
    /// served a 200-client WebDAV crowd with its p99 about a sixth lower and a fifth of the
    /// context switches or fewer (docs/operations.md). Measured on 2 vCPUs only: on a larger machine
    /// with many busy connections, Performance:SocketThreads can give each CPU one.
    /// </summary>
    public static int DefaultThreadCount(int processorCount) => Math.Max(1, processorCount / 2);

    /// <summary>
    /// The most a step sends from a socket thread: a file this small is one read from the page cache or
    /// one sendfile; anything larger may wait for the disk as it goes, and goes to the pool.
    /// </summary>
    public const long SmallSendBytes = 128 * 1024;

    /// <summary>
    /// The longest one write of an upload may take on a socket thread. Into the page cache a write of a
    /// round or a chunk (up to 1 MiB of memory copied) takes well under a millisecond; longer means it
    /// waited (write-back throttling, the journal, a slow or network disk), and from then on that
    /// upload's writes go to the pool, so that the thread's other connections never wait behind more
    /// than one slow write.
    /// </summary>
    public static readonly TimeSpan SlowWrite = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Whether completions run on socket threads in this process. Read once, as the runtime reads it,
    /// so that both agree: the host sets the variable before any socket exists.
    /// </summary>
    public static bool Inline { get; } = Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1";

    /// <summary>
    /// Makes a socket whose continuations do long work (a data connection: sendfile and splice that may
    /// wait for the disk, a whole transfer) complete on the pool, as every socket did before inline
    /// completions. .NET has this per socket only as an internal property (the one ASP.NET Core's
    /// benchmarks set); on a runtime without it the socket stays inline and nothing else changes.
    /// </summary>
    public static void CompleteOnPool(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (Inline)
        {
            TrySetInlineCompletions(socket, false);
        }
    }

    /// <summary>Gives a socket set with <see cref="CompleteOnPool"/> the process's choice back.</summary>
    public static void CompleteInline(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (Inline)
        {
            TrySetInlineCompletions(socket, true);
        }
    }

    /// <summary>
    /// Sets the socket's own choice, whatever the process's: true, its completions run on the socket
    /// thread that took the event; false, on the pool. False when this runtime has no such property.
    /// </summary>
    public static bool TrySetInlineCompletions(Socket socket, bool inline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!PerSocketChoice.Available)
        {
            return false;
        }

        try
        {
            PerSocketChoice.Set(socket, inline);
            return true;
        }
        catch (MissingMethodException)
        {
            PerSocketChoice.Available = false;
            return false;
        }
    }

    /// <summary>
    /// Continues on a pool thread: at once when already on one, otherwise (a socket thread) queued to
    /// the pool. Await it before work that may block.
    /// </summary>
    public static PoolAwaitable ToPool() => default;

    /// <summary>
    /// The result of an operation that had to wait (a network read or flush) on a pool thread, so that
    /// the long work after it does not run on the socket thread that completed it; one that completed
    /// at once stays on the caller's thread.
    /// </summary>
    public static ValueTask<T> ResumeOnPool<T>(this ValueTask<T> operation) =>
        operation.IsCompleted ? operation : ResumeLater(operation);

    private static async ValueTask<T> ResumeLater<T>(ValueTask<T> operation)
    {
        var result = await operation.ConfigureAwait(false);
        await ToPool();
        return result;
    }

    /// <summary>The awaitable of <see cref="ToPool"/>.</summary>
    public readonly struct PoolAwaitable : ICriticalNotifyCompletion
    {
        public PoolAwaitable GetAwaiter() => this;

        public bool IsCompleted => Thread.CurrentThread.IsThreadPoolThread;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) =>
            ThreadPool.QueueUserWorkItem(static run => run(), continuation, preferLocal: false);

        public void UnsafeOnCompleted(Action continuation) =>
            ThreadPool.UnsafeQueueUserWorkItem(static run => run(), continuation, preferLocal: false);
    }

    /// <summary>Socket.PreferInlineCompletions (internal in .NET 10), reached without reflection so that native AOT keeps it.</summary>
    private static class PerSocketChoice
    {
        /// <summary>Cleared at the first call that finds the property missing (a later runtime), so that it is tried once.</summary>
        public static bool Available { get; set; } = true;

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_PreferInlineCompletions")]
        public static extern void Set(Socket socket, bool value);
    }
}
