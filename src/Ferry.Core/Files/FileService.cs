using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Files;

/// <summary>
/// What every protocol calls to touch files for one logged-on account: permission check, then the
/// rules every storage shares, then storage, then a neutral <see cref="FileResult"/>. Storage
/// exceptions never pass through; cancellation does (as <see cref="OperationCanceledException"/>).
/// </summary>
/// <remarks>
/// The shared rules live here and nowhere else: the root cannot be written, deleted or renamed;
/// nothing moves or copies into itself; names reserved by <see cref="ReservedNames"/> are invisible
/// (NotFound to read, stat, list or delete; InvalidName to create). Backends and protocols rely on
/// them instead of repeating them.
/// </remarks>
public sealed class FileService(IStorage storage, Account account)
{
    private readonly FileTree _tree = new(storage);
    private Account _account = account;

    public StorageCapabilities Capabilities => storage.Capabilities;

    /// <summary>The account whose rights every call checks; a configuration reload may give it new rights.</summary>
    public Account Account => Volatile.Read(ref _account);

    /// <summary>
    /// Gives the open session the account's new rights: its next call checks them. Only rights and
    /// the like may change here; the storage was opened for one account's home, so a different
    /// account or home needs a new logon, and then nothing changes and the answer is false.
    /// </summary>
    public bool TryUpdateAccount(Account updated)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var current = Account;
        if (!string.Equals(updated.Name, current.Name, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(updated.HomeDirectory, current.HomeDirectory, StringComparison.Ordinal))
        {
            return false;
        }

        Volatile.Write(ref _account, updated);
        return true;
    }

    /// <summary>Needs List on the parent folder (or on the root itself).</summary>
    public ValueTask<FileResult<FileEntry>> StatAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path.Parent, Permissions.List, Hidden(path, FileError.NotFound), async () =>
            await storage.StatAsync(path, cancellationToken).ConfigureAwait(false)
                ?? throw new StorageException(FileError.NotFound, "No such file."));

    /// <summary>
    /// Whether the account may stand in <paramref name="folder"/> (FTP's CWD): it needs some right in
    /// the folder itself, and the folder must be there (NotFound, NotADirectory). Unlike
    /// <see cref="StatAsync"/> it needs no List on the parent: a drop box that may only write in
    /// /incoming can still go there, as curl does (CWD incoming, then STOR). A folder where the
    /// account has no right at all is Denied even when it may list its parent.
    /// </summary>
    public ValueTask<FileResult> EnterAsync(VfsPath folder, CancellationToken cancellationToken) =>
        CallAsync(folder, Permissions.All, Hidden(folder, FileError.NotFound), async () =>
        {
            var entry = await storage.StatAsync(folder, cancellationToken).ConfigureAwait(false)
                ?? throw new StorageException(FileError.NotFound, "No such folder.");
            if (!entry.IsDirectory)
            {
                throw new StorageException(FileError.NotADirectory, "Not a folder.");
            }
        });

    /// <summary>Needs List; fails with NotFound/NotADirectory before any entry is produced. Reserved names are left out.</summary>
    public ValueTask<FileResult<IAsyncEnumerable<FileEntry>>> ListAsync(VfsPath directory, CancellationToken cancellationToken) =>
        CallAsync<IAsyncEnumerable<FileEntry>>(directory, Permissions.List, Hidden(directory, FileError.NotFound), async () =>
            await PrimedListing.StartAsync(storage.ListAsync(directory, cancellationToken), cancellationToken).ConfigureAwait(false));

    /// <summary>Needs Read.</summary>
    public ValueTask<FileResult<IReadHandle>> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Read, Hidden(path, FileError.NotFound), () => storage.OpenReadAsync(path, offset, cancellationToken));

    /// <summary>
    /// Needs Write (Append mode: Append or Write). An account whose policy forbids overwrites (a drop
    /// box) gets Exists for any upload onto a file that is there, whatever the mode: replacing,
    /// appending and resuming all change it.
    /// </summary>
    public ValueTask<FileResult<IUploadHandle>> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) =>
        CallAsync(
            path,
            mode == WriteMode.Append ? Permissions.Append | Permissions.Write : Permissions.Write,
            path.IsRoot ? FileError.IsADirectory : Hidden(path, FileError.InvalidName),
            async () =>
            {
                if (!Account.Policy.Overwrite && mode != WriteMode.CreateNew
                    && await storage.StatAsync(path, cancellationToken).ConfigureAwait(false) is { IsDirectory: false })
                {
                    // Looked up first, then opened: a file another client makes in between is not
                    // replaced where the storage creates new files exclusively (local disk does, at the first byte).
                    throw new StorageException(FileError.Exists, "Uploads of this account never replace a file.");
                }

                return await storage.OpenWriteAsync(path, mode, offset, cancellationToken).ConfigureAwait(false);
            });

    /// <summary>True when uploads may replace or change existing files (false for a drop box: <see cref="AccountPolicy.Overwrite"/>).</summary>
    public bool MayOverwrite => Account.Policy.Overwrite;

    /// <summary>Needs Mkdir.</summary>
    public ValueTask<FileResult> CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Mkdir, path.IsRoot ? FileError.Exists : Hidden(path, FileError.InvalidName), () => storage.CreateDirectoryAsync(path, cancellationToken));

    /// <summary>Needs Delete.</summary>
    public ValueTask<FileResult> DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Delete, path.IsRoot ? FileError.IsADirectory : Hidden(path, FileError.NotFound), () => storage.DeleteFileAsync(path, cancellationToken));

    /// <summary>Needs Delete. The root is never removed (Denied).</summary>
    public ValueTask<FileResult> DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Delete, path.IsRoot ? FileError.Denied : Hidden(path, FileError.NotFound), () => storage.DeleteDirectoryAsync(path, cancellationToken));

    /// <summary>
    /// Needs Rename on both the source and the target. <paramref name="overwrite"/> lets a file
    /// replace a file; a folder at the target is always Exists (see <see cref="IStorage.RenameAsync"/>).
    /// An account that may not overwrite (<see cref="MayOverwrite"/>) never replaces a file this way: Exists.
    /// A folder on a backend without <see cref="StorageCapabilities.AtomicDirectoryRename"/> is moved
    /// file by file: copied, then deleted. That is not atomic; a failure half way leaves the source
    /// whole and part of the copy in place.
    /// </summary>
    public ValueTask<FileResult> RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) =>
        Allowed(from, Permissions.Rename)
            ? CallAsync(to, Permissions.Rename, MoveRefusal(from, to), () => RenameInStorageAsync(from, to, overwrite && MayOverwrite, cancellationToken))
            : ValueTask.FromResult(FileResult.Fail(FileError.Denied));

    /// <summary>
    /// Copies a file, or a folder (with its members when <paramref name="recursive"/>; alone, as an
    /// empty folder, otherwise). Needs Read at each source file, List at each source folder, Write at
    /// each target file and Mkdir at each target folder. Uses the backend's own copy where it has one
    /// (<see cref="StorageCapabilities.ServerSideCopy"/>), otherwise streams the bytes through a read
    /// and an upload. At the target the rules of <see cref="IStorage.CopyAsync"/> hold for a file;
    /// a folder never replaces anything (Exists), nor does anything of an account that may not overwrite. A folder copy stops at the first failure and leaves
    /// what it copied; links to folders are not followed (one may point to an ancestor).
    /// </summary>
    public async ValueTask<FileResult> CopyAsync(VfsPath from, VfsPath to, bool overwrite, bool recursive, CancellationToken cancellationToken)
    {
        var refused = CopyRefusal(from, to);
        if (!Allowed(from, Permissions.Read | Permissions.List) || !Allowed(to, Permissions.Write | Permissions.Mkdir))
        {
            return FileResult.Fail(FileError.Denied);
        }

        if (refused != FileError.None)
        {
            return FileResult.Fail(refused);
        }

        try
        {
            await _tree.CopyAsync(from, to, overwrite && MayOverwrite, recursive ? FileTree.MaxDepth : 0, Allowed, cancellationToken).ConfigureAwait(false);
            return FileResult.Success;
        }
        catch (Exception e) when (StorageErrors.ToFileError(e) is { } error)
        {
            return FileResult.Fail(error);
        }
    }

    /// <summary>Needs SetTime.</summary>
    public ValueTask<FileResult> SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.SetTime, Hidden(path, FileError.NotFound), () => storage.SetLastModifiedAsync(path, lastModified, cancellationToken));

    /// <summary>Needs Chmod: making a file executable or world-writable is more than uploading it.</summary>
    public ValueTask<FileResult> SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) =>
        (storage.Capabilities & StorageCapabilities.UnixModes) == 0
            ? ValueTask.FromResult(FileResult.Fail(FileError.Unsupported))
            : CallAsync(path, Permissions.Chmod, Hidden(path, FileError.NotFound), () => storage.SetModeAsync(path, mode, cancellationToken));

    /// <summary>The refusal for a path with a reserved name in it, or None.</summary>
    private static FileError Hidden(VfsPath path, FileError refusal) =>
        ReservedNames.IsHidden(path) ? refusal : FileError.None;

    /// <summary>What a rename may not do, in the order a client would want to hear it.</summary>
    private static FileError MoveRefusal(VfsPath from, VfsPath to) =>
        from.IsRoot ? FileError.Denied
        : to.IsRoot ? FileError.Exists
        : ReservedNames.IsHidden(from) ? FileError.NotFound
        : ReservedNames.IsHidden(to) ? FileError.InvalidName
        : to != from && to.IsAtOrBelow(from) ? FileError.InvalidName
        : FileError.None;

    /// <summary>As for a rename, and a copy onto itself is refused too (it would read what it writes).</summary>
    private static FileError CopyRefusal(VfsPath from, VfsPath to) =>
        to.IsRoot ? FileError.Exists
        : ReservedNames.IsHidden(from) ? FileError.NotFound
        : ReservedNames.IsHidden(to) ? FileError.InvalidName
        : to.IsAtOrBelow(from) ? FileError.InvalidName
        : FileError.None;

    private async ValueTask RenameInStorageAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken)
    {
        if ((storage.Capabilities & StorageCapabilities.AtomicDirectoryRename) == 0 && from != to
            && await storage.StatAsync(from, cancellationToken).ConfigureAwait(false) is { IsDirectory: true })
        {
            await _tree.MoveAsync(from, to, cancellationToken).ConfigureAwait(false);
            return;
        }

        await storage.RenameAsync(from, to, overwrite, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the account holds any of <paramref name="anyOf"/> at <paramref name="path"/>.</summary>
    private bool Allowed(VfsPath path, Permissions anyOf) => (Account.PermissionsFor(path) & anyOf) != 0;

    private async ValueTask<FileResult<T>> CallAsync<T>(VfsPath permissionPath, Permissions anyOf, FileError refused, Func<ValueTask<T>> call)
    {
        if (!Allowed(permissionPath, anyOf))
        {
            return FileResult<T>.Fail(FileError.Denied);
        }

        if (refused != FileError.None)
        {
            return FileResult<T>.Fail(refused);
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

    private async ValueTask<FileResult> CallAsync(VfsPath permissionPath, Permissions anyOf, FileError refused, Func<ValueTask> call)
    {
        if (!Allowed(permissionPath, anyOf))
        {
            return FileResult.Fail(FileError.Denied);
        }

        if (refused != FileError.None)
        {
            return FileResult.Fail(refused);
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
