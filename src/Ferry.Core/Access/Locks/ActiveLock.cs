namespace Ferry.Core.Access.Locks;

/// <summary>A lock held now.</summary>
/// <param name="Token">
/// Names the lock (an opaquelocktoken: URI with a random UUID). Unguessable, yet not a secret on its
/// own: WebDAV shows it in lock discovery, and only <paramref name="Owner"/> may use it.
/// </param>
/// <param name="Root">Where the lock was taken; with <see cref="LockDepth.Infinity"/> it reaches everything below.</param>
/// <param name="Timeout">The lifetime granted (after any cut), which a refresh grants again.</param>
/// <param name="ExpiresAt">When the lock ends unless refreshed first.</param>
public sealed record ActiveLock(
    string Token,
    LockKey Root,
    LockScope Scope,
    LockDepth Depth,
    string Owner,
    string? OwnerInfo,
    TimeSpan Timeout,
    DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// The roots of the folders mounted below <see cref="Root"/> in the tree of the account that took
    /// the lock (see <see cref="LockTarget"/>): a lock of depth infinity reaches each of them whole.
    /// </summary>
    public IReadOnlyList<LockKey> Mounted { get; init; } = [];

    /// <summary>True when this lock covers <paramref name="key"/>: its root, or below its root (or in a tree mounted below it) at depth infinity.</summary>
    public bool AppliesTo(LockKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var reach in Reach)
        {
            if (reach.Covers(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when this lock and an operation at <paramref name="target"/> with <paramref name="depth"/>
    /// touch a common location: the lock covers the target, or the operation reaches down to the lock.
    /// </summary>
    public bool Overlaps(LockTarget target, LockDepth depth)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var mine in Reach)
        {
            foreach (var theirs in target.Reach(depth))
            {
                if (mine.Meets(theirs))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Owners compare as account names do: case-insensitively.</summary>
    public bool IsOwnedBy(string owner) => string.Equals(Owner, owner, StringComparison.OrdinalIgnoreCase);

    private IEnumerable<LockReach> Reach => new LockTarget(Root, Mounted).Reach(Depth);
}
