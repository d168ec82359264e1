using Ferry.Core.Paths;

namespace Ferry.Core.Storage;

/// <summary>
/// One file tree. Paths are already jailed <see cref="VfsPath"/> values relative to the tree's root.
/// Failures are reported as <see cref="StorageException"/> carrying a neutral <see cref="Files.FileError"/>;
/// protocol code never sees backend exceptions, and a cancelled call throws
/// <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// Protocols never call a storage directly: <see cref="Files.FileService"/> stands in front and
/// keeps the rules every backend shares (permissions, the root, names reserved by
/// <see cref="ReservedNames"/>, a folder moved or copied into itself). A backend need not repeat them.
/// </remarks>
public interface IStorage
{
    StorageCapabilities Capabilities { get; }

    /// <summary>
    /// True when new names must be ones Windows can hold (<see cref="Storage.PortableNames"/>): a
    /// setting of the tree, because the tree is what Windows may share. FileService refuses others
    /// with InvalidName. Off unless a backend is configured so.
    /// </summary>
    bool PortableNames => false;

    /// <summary>
    /// True when two names that differ only in case name the same file (NTFS and APFS by default):
    /// rules kept by path (an account's folder rights) must then match without regard to case, or
    /// "/READONLY" would slip past a rule for "/readonly". False unless a backend says so.
    /// </summary>
    bool IgnoresCase => false;

    /// <summary>The entry for a path, or null when nothing is there.</summary>
    ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken);

    /// <summary>Streams a folder's entries (never built into one big list).</summary>
    IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, CancellationToken cancellationToken);

    ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken);

    /// <summary>
    /// Starts an upload. <see cref="WriteMode.Append"/> needs <see cref="StorageCapabilities.Append"/>
    /// and <see cref="WriteMode.WriteAt"/> needs <see cref="StorageCapabilities.RandomWrite"/>
    /// and <see cref="WriteMode.CreateWhole"/> needs <see cref="StorageCapabilities.AtomicCreate"/>
    /// (Unsupported otherwise).
    /// </summary>
    ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken);

    ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken);

    ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken);

    /// <summary>Removes an empty folder; <see cref="Files.FileError.NotEmpty"/> otherwise.</summary>
    ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken);

    /// <summary>
    /// Renames a file or folder. NotFound when nothing is at <paramref name="from"/>; renaming a
    /// path to itself does nothing. A folder at <paramref name="to"/> is always Exists (a protocol
    /// that wants to replace a folder deletes it first), and so is anything at <paramref name="to"/>
    /// when <paramref name="overwrite"/> is false or the source is a folder. With
    /// <paramref name="overwrite"/> a file at <paramref name="to"/> is replaced by the source file.
    /// A folder needs <see cref="StorageCapabilities.AtomicDirectoryRename"/> (Unsupported otherwise).
    /// </summary>
    ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken);

    /// <summary>
    /// Copies one FILE within the tree, with <see cref="StorageCapabilities.ServerSideCopy"/> only
    /// (Unsupported otherwise). NotFound without a source, IsADirectory when the source is a folder;
    /// at <paramref name="to"/> the rules of <see cref="RenameAsync"/> hold (a folder is Exists, a file
    /// is Exists unless <paramref name="overwrite"/>). The copy appears whole or not at all.
    /// </summary>
    ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken);

    /// <summary>Sets the modification time; Unsupported without <see cref="StorageCapabilities.SetTimes"/>.</summary>
    ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken);

    /// <summary>Sets the permission bits (0777 at most: no set-id or sticky bits); Unsupported without <see cref="StorageCapabilities.UnixModes"/>.</summary>
    ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken);
}
