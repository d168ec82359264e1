namespace Ferry.Core.Access.Locks;

public enum LockOutcome
{
    Granted,

    /// <summary>Another lock overlaps; <see cref="LockResult.Conflicts"/> names it.</summary>
    Conflict,

    /// <summary>The owner holds as many locks as <see cref="LockOptions.MaxLocksPerOwner"/> allows.</summary>
    TooManyLocks,
}

/// <summary>What taking a lock gave: the lock, or why not.</summary>
public sealed record LockResult(LockOutcome Outcome, ActiveLock? Lock, IReadOnlyList<ActiveLock> Conflicts)
{
    public static LockResult Granted(ActiveLock granted) => new(LockOutcome.Granted, granted, []);

    public static LockResult Conflict(IReadOnlyList<ActiveLock> conflicts) => new(LockOutcome.Conflict, null, conflicts);

    public static LockResult TooManyLocks { get; } = new(LockOutcome.TooManyLocks, null, []);
}
