using Ferry.Core.Diagnostics;

namespace Ferry.Core.Access;

/// <summary>
/// One running file transfer of a session, as the session list shows it: which file, which way,
/// since when and how many bytes so far. The protocol adds bytes as they move and ends it once;
/// ending it counts the transfer in the metrics and takes it off the session.
/// </summary>
public sealed class TransferProgress
{
    private readonly SessionEntry _session;
    private readonly TimeProvider _time;
    private readonly long _startedTimestamp;
    private long _bytes;
    private int _ended;

    internal TransferProgress(SessionEntry session, string path, TransferDirection direction, TimeProvider time)
    {
        _session = session;
        _time = time;
        Path = path;
        Direction = direction;
        StartedAt = time.GetUtcNow();
        _startedTimestamp = time.GetTimestamp();
    }

    /// <summary>The file, as the account sees it (a virtual path).</summary>
    public string Path { get; }

    public TransferDirection Direction { get; }

    public DateTimeOffset StartedAt { get; }

    public long Bytes => Interlocked.Read(ref _bytes);

    public TimeSpan Elapsed => _time.GetElapsedTime(_startedTimestamp);

    public bool Ended => Volatile.Read(ref _ended) != 0;

    /// <summary>Bytes per second since the start; 0 in the first instant.</summary>
    public double Rate
    {
        get
        {
            var seconds = Elapsed.TotalSeconds;
            return seconds > 0 ? Bytes / seconds : 0;
        }
    }

    public void Add(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _bytes, bytes);
        _session.Metrics?.Moved(_session.Protocol, Direction, bytes);
    }

    /// <summary>Counts the transfer once (later calls do nothing) and clears it from the session.</summary>
    public void End(TransferResult result)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _session.EndTransfer(this);
            _session.Metrics?.TransferEnded(_session.Protocol, Direction, result, Elapsed);
        }
    }
}
