using Ferry.Core.Paths;

namespace Ferry.Core.Storage.Mounted;

/// <summary>
/// One mount point of a <see cref="MountedStorage"/>: from <paramref name="Path"/> down, the tree is
/// <paramref name="Storage"/>'s, whose own root appears at <paramref name="Path"/> (an IIS virtual
/// directory). Never the root: a mount there would hide the whole tree it is mounted on.
/// </summary>
public sealed record Mount(VfsPath Path, IStorage Storage);
