namespace Ferry.Core.Limits;

/// <summary>
/// A token bucket of bytes with no timer: its whole state is one timestamp, the moment at which the
/// bucket is (or was) empty, moved forward by each take with a compare-and-swap. Tokens refill from
/// the clock's elapsed time when someone takes; a take that overdraws the bucket is given the time
/// until the debt is paid, and the caller waits exactly that long (one Task.Delay, not a periodic
/// timer). Takers that overdraw queue up behind each other's debt, so many sessions on one bucket
/// share its rate fairly without a lock.
/// </summary>
public sealed class TokenBucket
{
    /// <summary>
    /// The burst is a tenth of a second of traffic: a transfer that waited may then send that much at
    /// once, which keeps the number of waits (and of Task.Delay timers, whose granularity is 1 ms on
    /// Linux and up to 15.6 ms on Windows) at about ten a second per transfer, while an idle
    /// connection cannot go visibly above its rate when it starts again.
    /// </summary>
    private const int BurstDivisor = 10;

    /// <summary>
    /// At least 4 KiB: a smaller burst would cut a slow transfer into writes smaller than a page, each
    /// a system call and a TCP segment, for no gain in smoothness.
    /// </summary>
    public const int MinBurstBytes = 4 * 1024;

    private readonly TimeProvider _time;
    private readonly long _burstTicks;
    private long _emptyAt;

    public TokenBucket(long bytesPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        BytesPerSecond = bytesPerSecond;
        BurstBytes = Math.Max(MinBurstBytes, bytesPerSecond / BurstDivisor);
        _burstTicks = TicksFor(BurstBytes);

        // Full at the start: the first take finds a whole burst.
        _emptyAt = time.GetTimestamp() - _burstTicks;
    }

    public long BytesPerSecond { get; }

    /// <summary>What may go at once after a pause; also the largest piece a throttled stream moves per take.</summary>
    public long BurstBytes { get; }

    /// <summary>
    /// Takes <paramref name="bytes"/> tokens, overdrawing if need be; returns how long the caller must
    /// wait before moving them (zero when the bucket held enough).
    /// </summary>
    public TimeSpan Take(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var cost = TicksFor(bytes);
        var now = _time.GetTimestamp();
        while (true)
        {
            var emptyAt = Volatile.Read(ref _emptyAt);

            // Tokens never pile up beyond a burst: the bucket cannot have been empty longer ago than that.
            var next = Math.Max(emptyAt, now - _burstTicks) + cost;
            if (Interlocked.CompareExchange(ref _emptyAt, next, emptyAt) == emptyAt)
            {
                return next <= now ? TimeSpan.Zero : TimeSpan.FromSeconds((double)(next - now) / _time.TimestampFrequency);
            }
        }
    }

    /// <summary>Clock ticks that <paramref name="bytes"/> take at the rate, rounded up (Int128: no overflow for any count).</summary>
    private long TicksFor(long bytes) =>
        (long)((((Int128)bytes * _time.TimestampFrequency) + BytesPerSecond - 1) / BytesPerSecond);
}
