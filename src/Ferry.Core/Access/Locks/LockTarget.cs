namespace Ferry.Core.Access.Locks;

/// <summary>
/// What a lock or a change at one place reaches in the lock table: the place's own key, and the
/// roots of the folders mounted below it in the asking account's tree. A mounted folder is a tree
/// of its own in the table (so that every account that sees it, wherever, meets at one key), so a
/// lock or a change of depth infinity on a folder above a mount point reaches into it only through
/// <see cref="Mounted"/>. A plain key converts to a target with nothing mounted below.
/// </summary>
/// <param name="Key">The place itself.</param>
/// <param name="Mounted">The roots of the trees mounted below it (each one's whole tree is below it).</param>
public sealed record LockTarget(LockKey Key, IReadOnlyList<LockKey> Mounted)
{
    public LockKey Key { get; } = Key ?? throw new ArgumentNullException(nameof(Key));

    public IReadOnlyList<LockKey> Mounted { get; } = Mounted ?? throw new ArgumentNullException(nameof(Mounted));

    public static implicit operator LockTarget(LockKey key) => new(key, []);

    public bool Equals(LockTarget? other) =>
        other is not null && Key == other.Key && Mounted.SequenceEqual(other.Mounted);

    public override int GetHashCode() => HashCode.Combine(Key, Mounted.Count);

    public override string ToString() => Mounted.Count == 0 ? Key.ToString() : $"{Key} (+ {string.Join(", ", Mounted)})";

    /// <summary>
    /// The places this target covers at <paramref name="depth"/>: its key (with everything below it
    /// at depth infinity) and, at depth infinity, each mounted tree whole.
    /// </summary>
    internal IEnumerable<LockReach> Reach(LockDepth depth)
    {
        var below = depth == LockDepth.Infinity;
        yield return new LockReach(Key, below);
        if (below)
        {
            foreach (var root in Mounted)
            {
                yield return new LockReach(root, true);
            }
        }
    }
}

/// <summary>A key alone, or a key with everything below it.</summary>
internal readonly record struct LockReach(LockKey Key, bool Below)
{
    /// <summary>True when the two share a location.</summary>
    public bool Meets(LockReach other) =>
        Key == other.Key || (Below && other.Key.IsAtOrBelow(Key)) || (other.Below && Key.IsAtOrBelow(other.Key));

    /// <summary>True when <paramref name="key"/> is this key, or below it when this reaches below.</summary>
    public bool Covers(LockKey key) => key == Key || (Below && key.IsAtOrBelow(Key));
}
