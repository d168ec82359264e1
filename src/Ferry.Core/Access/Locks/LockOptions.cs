namespace Ferry.Core.Access.Locks;

public sealed record LockOptions
{
    /// <summary>
    /// The longest lifetime a lock gets, also for "infinite" requests: a client that vanishes must
    /// not hold a file forever. Windows Explorer asks for 3600 s and refreshes; an hour covers it.
    /// </summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Locks one owner may hold at once, so one account cannot fill the lock table.</summary>
    public int MaxLocksPerOwner { get; init; } = 1_000;
}
