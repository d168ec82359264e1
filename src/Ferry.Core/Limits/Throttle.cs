namespace Ferry.Core.Limits;

/// <summary>
/// The buckets one transfer draws from: its account's and the server's (either may be absent). Each
/// piece is taken from both at once and the transfer waits for the longer debt, so both rates hold.
/// </summary>
public sealed class Throttle
{
    private readonly TokenBucket? _account;
    private readonly TokenBucket? _global;
    private readonly TimeProvider _time;

    public Throttle(TokenBucket? account, TokenBucket? global, TimeProvider time)
    {
        if (account is null && global is null)
        {
            throw new ArgumentException("A throttle needs at least one bucket.", nameof(account));
        }

        ArgumentNullException.ThrowIfNull(time);
        _account = account;
        _global = global;
        _time = time;
        PieceBytes = (int)Math.Min(account?.BurstBytes ?? long.MaxValue, global?.BurstBytes ?? long.MaxValue);
    }

    /// <summary>
    /// The most a throttled stream moves per take: one burst of the smaller bucket, so that one wait is
    /// about a tenth of a second (longer only when others share the bucket) and never trips a
    /// transfer's stall timer the way one 128 KiB piece at a few KiB/s would.
    /// </summary>
    public int PieceBytes { get; }

    /// <summary>Takes <paramref name="bytes"/> from both buckets; the wait before they may move.</summary>
    public TimeSpan Take(long bytes)
    {
        var account = _account?.Take(bytes) ?? TimeSpan.Zero;
        var global = _global?.Take(bytes) ?? TimeSpan.Zero;
        return account > global ? account : global;
    }

    /// <summary>Takes and waits out the debt (no wait at all when there is none).</summary>
    public Task TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        var wait = Take(bytes);
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _time, cancellationToken);
    }
}
