using Ferry.Core.Paths;

namespace Ferry.Core.Storage;

/// <summary>
/// One file tree. Paths are already jailed <see cref="VfsPath"/> values relative to the tree's root.
/// Failures are reported as <see cref="StorageException"/> carrying a neutral <see cref="FileError"/>;
/// protocol code never sees backend exceptions.
/// </summary>
public interface IStorage
{
    StorageCapabilities Capabilities { get; }

    /// <summary>The entry for a path, or null when nothing is there.</summary>
    ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken);

    /// <summary>Streams a folder's entries (never built into one big list). Hidden internal files are skipped.</summary>
    IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, CancellationToken cancellationToken);

    ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken);

    ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken);

    ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken);

    ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken);

    /// <summary>Removes an empty folder; <see cref="FileError.NotEmpty"/> otherwise.</summary>
    ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken);

    /// <summary>Renames a file or folder; fails with <see cref="FileError.Exists"/> if the target is a folder.</summary>
    ValueTask RenameAsync(VfsPath from, VfsPath to, CancellationToken cancellationToken);

    ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken);

    /// <summary>Sets the permission bits (0777 at most: no set-id or sticky bits); <see cref="FileError.Unsupported"/> without <see cref="StorageCapabilities.UnixModes"/>.</summary>
    ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken);
}
