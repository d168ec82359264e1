using System.Diagnostics.CodeAnalysis;
using Ferry.Core.Paths;

namespace Ferry.Core.Access.Locks;

/// <summary>
/// Where an account's files sit in the lock table's namespace: its home is <paramref name="Home"/>
/// within <paramref name="Tree"/>. Two accounts whose homes overlap (alice at /team under the
/// served root, the admin at the root) map the same file to the same <see cref="LockKey"/>, so a
/// lock one takes binds the other. Every protocol turns account paths into keys here and nowhere else.
/// </summary>
/// <param name="Tree">Names the storage tree that holds the home (see <see cref="LockKey.Tree"/>).</param>
/// <param name="Home">The account's home within that tree.</param>
public sealed record LockSite(string Tree, VfsPath Home)
{
    public string Tree { get; } = !string.IsNullOrEmpty(Tree) ? Tree : throw new ArgumentException("A lock site needs a tree name.", nameof(Tree));

    public VfsPath Home { get; } = Home ?? throw new ArgumentNullException(nameof(Home));

    /// <summary>The key of <paramref name="path"/>, a path as the account sees it.</summary>
    public LockKey KeyFor(VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new LockKey(Tree, Home.Append(path));
    }

    /// <summary>
    /// The account's path for <paramref name="key"/>; false when the key lies outside this account's
    /// home (a lock taken by an account that sees more, which this one must not be told the path of).
    /// </summary>
    public bool TryLocate(LockKey key, [NotNullWhen(true)] out VfsPath? path)
    {
        ArgumentNullException.ThrowIfNull(key);
        path = string.Equals(key.Tree, Tree, StringComparison.Ordinal) ? key.Path.RelativeTo(Home) : null;
        return path is not null;
    }
}
