namespace Ferry.Core.Access.Locks;

/// <summary>
/// The one lock table every protocol shares: explicit locks (WebDAV LOCK) live here, and every
/// protocol's writes check it. Locks expire by the manager's clock unless refreshed. In memory for
/// one node (<see cref="InMemoryLockManager"/>); a cluster shares one through its database.
/// Asynchronous because a shared table is a network call away.
/// </summary>
public interface ILockManager
{
    /// <summary>Takes a lock unless an overlapping lock forbids it (any lock forbids an exclusive one; an exclusive one forbids a shared one).</summary>
    ValueTask<LockResult> TakeAsync(LockRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Grants the lock named by <paramref name="token"/> a new lifetime (cut like a new lock's). Null
    /// when there is no such live lock, it is not <paramref name="owner"/>'s, or it does not cover
    /// <paramref name="target"/>.
    /// </summary>
    ValueTask<ActiveLock?> RefreshAsync(LockKey target, string token, string owner, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Ends the lock named by <paramref name="token"/>; false under the same conditions as a failed refresh.</summary>
    ValueTask<bool> ReleaseAsync(LockKey target, string token, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// The live locks that overlap a change at <paramref name="target"/> reaching <paramref name="depth"/>
    /// and that <paramref name="holder"/> does not present: empty when the change may go ahead.
    /// </summary>
    ValueTask<IReadOnlyList<ActiveLock>> CheckAsync(LockTarget target, LockDepth depth, LockHolder holder, CancellationToken cancellationToken);

    /// <summary>
    /// The live locks that cover <paramref name="target"/> (lock discovery), and with
    /// <see cref="LockDepth.Infinity"/> also those rooted below it or in a tree mounted below it.
    /// </summary>
    ValueTask<IReadOnlyList<ActiveLock>> FindAsync(LockTarget target, LockDepth depth, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the right to write <paramref name="target"/> now, for one upload: null when another
    /// writer (any owner, this one included) holds a claim on it. Not an explicit lock: claims never
    /// show in <see cref="CheckAsync"/> or <see cref="FindAsync"/>, and explicit locks do not refuse
    /// them (a protocol checks those first). Dispose the claim when the write ends.
    /// </summary>
    ValueTask<WriteClaim?> TryClaimWriteAsync(LockKey target, string owner, CancellationToken cancellationToken);
}
