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
    public ValueTask<FileResult<FileEntry>> StatAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path.Parent, Permissions.List, async () =>
            await storage.StatAsync(path, cancellationToken).ConfigureAwait(false)
                ?? throw new StorageException(FileError.NotFound, "No such file."));

    /// <summary>Needs List; fails with NotFound/NotADirectory before any entry is produced.</summary>
    public ValueTask<FileResult<IAsyncEnumerable<FileEntry>>> ListAsync(VfsPath directory, CancellationToken cancellationToken) =>
        CallAsync<IAsyncEnumerable<FileEntry>>(directory, Permissions.List, async () =>
            await PrimedListing.StartAsync(storage.ListAsync(directory, cancellationToken), cancellationToken).ConfigureAwait(false));

    /// <summary>Needs Read.</summary>
    public ValueTask<FileResult<IReadHandle>> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Read, () => storage.OpenReadAsync(path, offset, cancellationToken));

    /// <summary>Needs Write (Append mode: Append or Write).</summary>
    public ValueTask<FileResult<IUploadHandle>> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) =>
        CallAsync(path, mode == WriteMode.Append ? Permissions.Append | Permissions.Write : Permissions.Write, () => storage.OpenWriteAsync(path, mode, offset, cancellationToken));

    /// <summary>Needs Mkdir.</summary>
    public ValueTask<FileResult> CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Mkdir, () => storage.CreateDirectoryAsync(path, cancellationToken));

    /// <summary>Needs Delete.</summary>
    public ValueTask<FileResult> DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Delete, () => storage.DeleteFileAsync(path, cancellationToken));

    /// <summary>Needs Delete.</summary>
    public ValueTask<FileResult> DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Delete, () => storage.DeleteDirectoryAsync(path, cancellationToken));

    /// <summary>Needs Rename on both the source and the target.</summary>
    public ValueTask<FileResult> RenameAsync(VfsPath from, VfsPath to, CancellationToken cancellationToken) =>
        Allowed(from, Permissions.Rename)
            ? CallAsync(to, Permissions.Rename, () => storage.RenameAsync(from, to, cancellationToken))
            : ValueTask.FromResult(FileResult.Fail(FileError.Denied));

    /// <summary>Needs SetTime.</summary>
    public ValueTask<FileResult> SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.SetTime, () => storage.SetLastModifiedAsync(path, lastModified, cancellationToken));

    /// <summary>Needs Write: permission bits are part of what an uploader controls.</summary>
    public ValueTask<FileResult> SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) =>
        (storage.Capabilities & StorageCapabilities.UnixModes) == 0
            ? ValueTask.FromResult(FileResult.Fail(FileError.Unsupported))
            : CallAsync(path, Permissions.Write, () => storage.SetModeAsync(path, mode, cancellationToken));

    /// <summary>True when the account holds any of <paramref name="anyOf"/> at <paramref name="path"/>.</summary>
    private bool Allowed(VfsPath path, Permissions anyOf) => (account.PermissionsFor(path) & anyOf) != 0;

    private async ValueTask<FileResult<T>> CallAsync<T>(VfsPath permissionPath, Permissions anyOf, Func<ValueTask<T>> call)
    {
        if (!Allowed(permissionPath, anyOf))
        {
            return FileResult<T>.Fail(FileError.Denied);
        }

        try
        {
            return FileResult<T>.Success(await call().ConfigureAwait(false));
        }
        catch (Exception e) when (StorageErrors.ToFileError(e) is { } error)
        {
            return FileResult<T>.Fail(error);
        }
    }

    private async ValueTask<FileResult> CallAsync(VfsPath permissionPath, Permissions anyOf, Func<ValueTask> call)
    {
        if (!Allowed(permissionPath, anyOf))
        {
            return FileResult.Fail(FileError.Denied);
        }

        try
        {
            await call().ConfigureAwait(false);
            return FileResult.Success;
        }
        catch (Exception e) when (StorageErrors.ToFileError(e) is { } error)
        {
            return FileResult.Fail(error);
        }
    }
}
