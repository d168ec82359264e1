using System.Threading.Channels;
using Ferry.Core.Audit;

namespace Ferry.Logs;

/// <summary>
/// The host's audit log: protocols hand it events on their command paths, and it queues them for
/// one background task that writes the log files. A slow or full disk therefore never slows a
/// transfer; when the queue is full the event is dropped, counted, and a warning says how many.
/// Dispose drains the queue, so that a clean shutdown loses nothing.
/// </summary>
public sealed class AuditLogWriter : IAuditLog, IAsyncDisposable
{
    /// <summary>
    /// Queued events. At about 200 bytes a line this holds some 13 MB: a disk that stalls for
    /// seconds under thousands of operations a second is ridden out; beyond that memory would grow
    /// without bound while the disk is gone, so events are dropped instead.
    /// </summary>
    public const int DefaultCapacity = 65_536;

    /// <summary>Events written per batch: one open, write and close of each file per batch.</summary>
    private const int MaxBatch = 1024;

    /// <summary>
    /// How long the writer lets events gather after the first one before it writes. Without it, a
    /// busy server woke the writer and opened, locked, wrote and closed each file once per
    /// operation: about ten system calls and a thread wake-up per small file, on the cores the
    /// transfers need. With it, the writer wakes at most five times a second and a line reaches
    /// the disk at most 0.2 s after its operation; a shutdown writes at once.
    /// </summary>
    public static readonly TimeSpan DefaultGatherTime = TimeSpan.FromMilliseconds(200);

    private readonly Channel<AuditEvent> _queue;
    private readonly IReadOnlyList<IAuditSink> _sinks;
    private readonly ILogger _logger;
    private readonly bool[] _failing;
    private readonly Task _loop;
    private readonly int _capacity;
    private readonly TimeSpan _gatherTime;
    private readonly CancellationTokenSource _stopping = new();
    private long _dropped;
    private long _droppedTotal;

    public AuditLogWriter(IReadOnlyList<IAuditSink> sinks, ILogger logger, int capacity = DefaultCapacity, TimeSpan? gatherTime = null)
    {
        _sinks = sinks;
        _gatherTime = gatherTime ?? DefaultGatherTime;
        _logger = logger;
        _failing = new bool[sinks.Count];
        _capacity = capacity;
        _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,

            // Wait makes TryWrite answer false when full, so a dropped event is counted; nothing ever waits.
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = sinks.Count == 0 ? Task.CompletedTask : Task.Run(WriteLoopAsync);
    }

    public bool IsEnabled => _sinks.Count > 0;

    /// <summary>Events dropped since the start because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _droppedTotal) + Interlocked.Read(ref _dropped);

    public void Write(AuditEvent entry)
    {
        if (IsEnabled && !_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<AuditEvent>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await GatherAsync().ConfigureAwait(false);
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            WriteBatch(batch);
            ReportDrops();
        }

        ReportDrops();
    }

    /// <summary>Lets more events arrive before a batch is written, unless the writer is stopping.</summary>
    private async Task GatherAsync()
    {
        if (_gatherTime <= TimeSpan.Zero || _stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await Task.Delay(_gatherTime, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: write what is queued now.
        }
    }

    private void WriteBatch(List<AuditEvent> batch)
    {
        for (var i = 0; i < _sinks.Count; i++)
        {
            try
            {
                _sinks[i].Write(batch);
                if (_failing[i])
                {
                    _failing[i] = false;
                    _logger.LogInformation("Audit log {Sink} is written again", Describe(_sinks[i]));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Once per failure, not once per batch: a full disk must not flood the console too.
                if (!_failing[i])
                {
                    _failing[i] = true;
                    _logger.LogWarning("Audit log {Sink} cannot be written: {Reason}; its entries are lost until it can", Describe(_sinks[i]), ex.Message);
                }
            }
        }
    }

    private void ReportDrops()
    {
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        if (dropped > 0)
        {
            Interlocked.Add(ref _droppedTotal, dropped);
            _logger.LogWarning("Audit log: {Count} entries dropped because the writer could not keep up (queue of {Capacity} full)", dropped, _capacity);
        }
    }

    private static string Describe(IAuditSink sink) => sink switch
    {
        W3CLogFile w3c => $"W3C in {w3c.Directory}",
        XferlogFile xferlog => $"xferlog {xferlog.Path}",
        _ => sink.GetType().Name,
    };
}
