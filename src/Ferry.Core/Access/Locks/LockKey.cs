using Ferry.Core.Paths;

namespace Ferry.Core.Access.Locks;

/// <summary>
/// A location a lock applies to: a path in a named tree. Locks are keyed by tree and path, not by
/// account and path, because a lock protects a file, not one account's view of it: two accounts
/// whose homes overlap (alice's home is /srv/files/team, the admin's is /srv/files) see the same
/// file under different account paths. A protocol maps an account path to the tree that holds it
/// and to the path within that tree before it asks the lock manager, so both accounts' locks meet
/// at one key. Tree names compare ordinally; until that mapping exists, a protocol may use one tree
/// per storage root.
/// </summary>
/// <param name="Tree">Names the storage tree (a served root or a bucket), not an account.</param>
/// <param name="Path">The location within <paramref name="Tree"/>.</param>
public sealed record LockKey(string Tree, VfsPath Path)
{
    public string Tree { get; } = !string.IsNullOrEmpty(Tree) ? Tree : throw new ArgumentException("A lock key needs a tree name.", nameof(Tree));

    public VfsPath Path { get; } = Path ?? throw new ArgumentNullException(nameof(Path));

    /// <summary>
    /// True when the tree's file system ignores case (Windows and macOS by default): there "/Team/a"
    /// and "/team/A" name one file, so they are one key, or a lock taken under one spelling would
    /// not stop a write under the other. <see cref="Path"/> keeps the spelling it was made with.
    /// </summary>
    public bool IgnoreCase { get; init; }

    private StringComparison Names => IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>True when both keys are in one tree and this path is <paramref name="ancestor"/>'s or below it.</summary>
    public bool IsAtOrBelow(LockKey ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        return string.Equals(Tree, ancestor.Tree, StringComparison.Ordinal) && Path.IsAtOrBelow(ancestor.Path, Names);
    }

    public bool Equals(LockKey? other) =>
        other is not null && IgnoreCase == other.IgnoreCase
        && string.Equals(Tree, other.Tree, StringComparison.Ordinal) && string.Equals(Path.Value, other.Path.Value, Names);

    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Tree), StringComparer.FromComparison(Names).GetHashCode(Path.Value));

    public override string ToString() => $"{Tree}:{Path}";
}
