using System.Diagnostics.CodeAnalysis;
using Ferry.Core.Paths;

namespace Ferry.Core.Access.Locks;

/// <summary>
/// Where an account's files sit in the lock table's namespace: its home is <paramref name="Home"/>
/// within <paramref name="Tree"/>, and each folder mounted in its tree (<see cref="Mounts"/>) is where
/// that folder is. Two accounts whose homes overlap (alice at /team under the served root, the admin
/// at the root), or who mount one folder at different places, map the same file to the same
/// <see cref="LockKey"/>, so a lock one takes binds the other. Every protocol turns account paths
/// into keys here and nowhere else.
/// </summary>
/// <param name="Tree">Names the storage tree that holds the home (see <see cref="LockKey.Tree"/>).</param>
/// <param name="Home">The account's home within that tree.</param>
public sealed record LockSite(string Tree, VfsPath Home)
{
    private readonly IReadOnlyList<LockMount> _mounts = [];

    public string Tree { get; } = !string.IsNullOrEmpty(Tree) ? Tree : throw new ArgumentException("A lock site needs a tree name.", nameof(Tree));

    public VfsPath Home { get; } = Home ?? throw new ArgumentNullException(nameof(Home));

    /// <summary>The folders mounted in the account's tree; kept deepest first, so that the first that holds a path is the one that serves it.</summary>
    public IReadOnlyList<LockMount> Mounts
    {
        get => _mounts;
        init => _mounts = [.. (value ?? throw new ArgumentNullException(nameof(value))).OrderByDescending(mount => mount.Point.Segments.Count)];
    }

    /// <summary>
    /// True when the account's storage ignores case (<see cref="Storage.IStorage.IgnoresCase"/>):
    /// its keys then match whatever the spelling (see <see cref="LockKey.IgnoreCase"/>), and so do
    /// its mount points, as its storage matches them.
    /// </summary>
    public bool IgnoreCase { get; init; }

    private StringComparison Names => IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The key of <paramref name="path"/>, a path as the account sees it: in the tree of the mounted folder that holds it, if one does.</summary>
    public LockKey KeyFor(VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var mount in _mounts)
        {
            if (path.RelativeTo(mount.Point, Names) is { } inside)
            {
                return new LockKey(mount.Tree, mount.Home.Append(inside)) { IgnoreCase = IgnoreCase };
            }
        }

        return new LockKey(Tree, Home.Append(path)) { IgnoreCase = IgnoreCase };
    }

    /// <summary>
    /// What a lock or change of depth infinity at <paramref name="path"/> reaches: its key and the
    /// folders mounted below it (see <see cref="LockTarget"/>).
    /// </summary>
    public LockTarget TargetFor(VfsPath path)
    {
        var key = KeyFor(path);
        var mounted = MountedBelow(path);
        return new LockTarget(key, mounted.Count == 0 ? [] : [.. mounted.Select(mount => mount.Root)]);
    }

    /// <summary>
    /// The folders mounted strictly below <paramref name="path"/>, outermost first: where each lies
    /// relative to <paramref name="path"/> and the key of its root. Each is a tree of its own in the
    /// lock table and the property store, so whatever reaches below a path reaches these as well.
    /// </summary>
    public IReadOnlyList<(VfsPath Below, LockKey Root)> MountedBelow(VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        List<(VfsPath, LockKey)>? found = null;
        for (var i = _mounts.Count - 1; i >= 0; i--)
        {
            var mount = _mounts[i];
            if (mount.Point.RelativeTo(path, Names) is { IsRoot: false } below)
            {
                (found ??= []).Add((below, mount.Root with { IgnoreCase = IgnoreCase }));
            }
        }

        return found is null ? [] : found;
    }

    /// <summary>
    /// The account's path for <paramref name="key"/>; false when the account cannot see that place: it
    /// lies outside its home and its mounted folders (a lock taken by an account that sees more, which
    /// this one must not be told the path of), or under one of its mount points, which hides it.
    /// </summary>
    public bool TryLocate(LockKey key, [NotNullWhen(true)] out VfsPath? path)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var mount in _mounts)
        {
            if (Located(key, mount.Tree, mount.Home, mount.Point) is { } inMount)
            {
                path = inMount;
                return true;
            }
        }

        path = Located(key, Tree, Home, VfsPath.Root);
        return path is not null;
    }

    public bool Equals(LockSite? other) =>
        other is not null && Tree == other.Tree && Home == other.Home && IgnoreCase == other.IgnoreCase && _mounts.SequenceEqual(other._mounts);

    public override int GetHashCode() => HashCode.Combine(Tree, Home, _mounts.Count);

    /// <summary>Where the account sees <paramref name="key"/> through one folder of its tree, when it does and no deeper mount hides it; below the folder, in the key's own spelling.</summary>
    private VfsPath? Located(LockKey key, string tree, VfsPath folder, VfsPath shownAt) =>
        string.Equals(key.Tree, tree, StringComparison.Ordinal) && key.Path.RelativeTo(folder, Names) is { } inside
            && shownAt.Append(inside) is var path && KeyFor(path) == key
            ? path
            : null;
}
