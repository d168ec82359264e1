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
    /// <summary>True when this lock covers <paramref name="key"/>: its root, or below its root at depth infinity.</summary>
    public bool AppliesTo(LockKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key == Root || (Depth == LockDepth.Infinity && key.IsAtOrBelow(Root));
    }

    /// <summary>
    /// True when this lock and an operation at <paramref name="key"/> with <paramref name="depth"/>
    /// touch a common location: the lock covers the key, or the operation reaches down to the lock's root.
    /// </summary>
    public bool Overlaps(LockKey key, LockDepth depth) =>
        AppliesTo(key) || (depth == LockDepth.Infinity && Root.IsAtOrBelow(key));

    /// <summary>Owners compare as account names do: case-insensitively.</summary>
    public bool IsOwnedBy(string owner) => string.Equals(Owner, owner, StringComparison.OrdinalIgnoreCase);
}
