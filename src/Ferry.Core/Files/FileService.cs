using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Files;

/// <summary>
/// What every protocol calls to touch files for one logged-on account: permission check, then
/// storage, then a neutral <see cref="FileResult"/>. Storage exceptions never pass through.
/// </summary>
public sealed class FileService(IStorage storage, Account account)
{
    public StorageCapabilities Capabilities => storage.Capabilities;

    public Account Account => account;

    /// <summary>Needs List on the parent folder (or on the root itself).</summary>
    public ValueTask<FileResult<FileEntry>> StatAsync(VfsPath path, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Needs List; fails with NotFound/NotADirectory before any entry is produced.</summary>
    public ValueTask<FileResult<IAsyncEnumerable<FileEntry>>> ListAsync(VfsPath directory, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Needs Read.</summary>
    public ValueTask<FileResult<IReadHandle>> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Needs Write (Append mode: Append or Write).</summary>
    public ValueTask<FileResult<IUploadHandle>> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Needs Mkdir.</summary>
    public ValueTask<FileResult> CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Needs Delete.</summary>
    public ValueTask<FileResult> DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Needs Delete.</summary>
    public ValueTask<FileResult> DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Needs Rename on both the source and the target.</summary>
    public ValueTask<FileResult> RenameAsync(VfsPath from, VfsPath to, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Needs SetTime.</summary>
    public ValueTask<FileResult> SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) => throw new NotImplementedException();
}
