using Ferry.Core.Paths;

namespace Ferry.Core.Identity;

/// <summary>
/// A folder of the server's disk shown at <paramref name="Path"/> of a tree (an IIS virtual
/// directory): the host mounts it there as a storage of its own (see
/// <see cref="Storage.Mounted.MountedStorage"/>), with its own jail.
/// </summary>
/// <param name="Path">Where it appears; never the root.</param>
/// <param name="Folder">The full path of the local folder.</param>
public sealed record FolderMount(VfsPath Path, string Folder);
