using Ferry.Core.Paths;

namespace Ferry.Core.Access.Locks;

/// <summary>
/// A folder mounted at <paramref name="Point"/> of an account's tree, as the lock table knows it: the
/// folder is <paramref name="Home"/> within <paramref name="Tree"/>, the same place for every account
/// that mounts it, wherever each one shows it.
/// </summary>
/// <param name="Point">Where the account sees the folder; never its root.</param>
/// <param name="Tree">Names the storage tree that holds the folder (see <see cref="LockKey.Tree"/>).</param>
/// <param name="Home">The folder within that tree.</param>
public sealed record LockMount(VfsPath Point, string Tree, VfsPath Home)
{
    public VfsPath Point { get; } = Point is { IsRoot: false } ? Point : throw new ArgumentException("A mount point is never the root.", nameof(Point));

    public string Tree { get; } = !string.IsNullOrEmpty(Tree) ? Tree : throw new ArgumentException("A lock mount needs a tree name.", nameof(Tree));

    public VfsPath Home { get; } = Home ?? throw new ArgumentNullException(nameof(Home));

    /// <summary>The key of the mounted folder itself.</summary>
    public LockKey Root => new(Tree, Home);
}
