using Ferry.Core.Diagnostics;
using Ferry.Core.Identity;
using Ferry.Core.Limits;
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
/// them instead of repeating them. So do the account's limits (<see cref="AccountLimits"/>, with
/// <paramref name="limiters"/>): every upload, MKD, copy is held to its quota and every transfer
/// to its bandwidth, whichever protocol asks, and the request filter (<see cref="RequestFilter"/>):
/// hidden names are NotFound for every call, to read and to create alike; a refused file type is
/// Filtered; an upload over the largest size is TooLarge.
/// </remarks>
/// <param name="limiters">The process's shared quota usage and bandwidth buckets; null: no limits apply.</param>
/// <param name="filter">The request filter in force, asked at every call (a reload may change it); null: none.</param>
public sealed class FileService(IStorage storage, Account account, AccountLimiters? limiters = null, Func<RequestFilter>? filter = null)
{
    private readonly FileTree _tree = new(storage);
    private Account _account = account;
    private string? _quotaRefusal;
    private string? _filterRefusal;

    public StorageCapabilities Capabilities => storage.Capabilities;

    /// <summary>
    /// The account's rights at <paramref name="path"/>, its folder rules matched as the storage
    /// compares names (without regard to case on Windows and macOS). Protocols ask here, not the account.
    /// </summary>
    public Permissions PermissionsFor(VfsPath path) => Account.PermissionsFor(path, storage.IgnoresCase);

    /// <summary>
    /// The rights every entry of <paramref name="folder"/> has (what <see cref="PermissionsFor"/> gives
    /// for each of them), matched as the storage compares names; null when the account's rules may
    /// give entries of the folder different rights.
    /// </summary>
    public Permissions? PermissionsForEntriesOf(VfsPath folder) => Account.PermissionsForEntriesOf(folder, storage.IgnoresCase);

    /// <summary>The account whose rights every call checks; a configuration reload may give it new rights.</summary>
    public Account Account => Volatile.Read(ref _account);

    /// <summary>
    /// Gives the open session the account's new rights: its next call checks them. Only rights and
    /// the like may change here; the storage was opened for one account's home and mount points, so a
    /// different account, home or mounts need a new logon, and then nothing changes and the answer is false.
    /// </summary>
    public bool TryUpdateAccount(Account updated)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var current = Account;
        if (!string.Equals(updated.Name, current.Name, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(updated.HomeDirectory, current.HomeDirectory, StringComparison.Ordinal)
            || !updated.Mounts.SequenceEqual(current.Mounts))
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

    /// <summary>Needs List; fails with NotFound/NotADirectory before any entry is produced. Reserved and hidden names are left out.</summary>
    public ValueTask<FileResult<IAsyncEnumerable<FileEntry>>> ListAsync(VfsPath directory, CancellationToken cancellationToken) =>
        CallAsync<IAsyncEnumerable<FileEntry>>(directory, Permissions.List, Hidden(directory, FileError.NotFound), async () =>
            await PrimedListing.StartAsync(storage.ListAsync(directory, cancellationToken), Filter, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The same listing as <see cref="ListAsync"/> (the same right, refusals and left-out names), read
    /// through the storage's <see cref="IRawListing"/> facet: no string or entry object per entry, for a
    /// consumer that writes each entry out at once. Null when the storage has no such facet (the caller
    /// then lists with <see cref="ListAsync"/>). The reader's failures arrive as <see cref="StorageException"/>.
    /// </summary>
    public ValueTask<FileResult<IRawEntryReader>>? TryListRaw(VfsPath directory) =>
        storage is IRawListing raw
            ? CallAsync<IRawEntryReader>(directory, Permissions.List, Hidden(directory, FileError.NotFound), () =>
                ValueTask.FromResult<IRawEntryReader>(new FilteredRawReader(raw.OpenRaw(directory), Filter)))
            : null;

    /// <summary>True when the request filter hides <paramref name="path"/>: every call on it is NotFound (a protocol may say so before it asks).</summary>
    public bool IsHidden(VfsPath path) => Filter.Hides(path);

    /// <summary>Needs Read; a file type the request filter refuses is Filtered.</summary>
    public ValueTask<FileResult<IReadHandle>> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Read, Or(Hidden(path, FileError.NotFound), FileRefusal(path)), async () =>
            Throttled(await storage.OpenReadAsync(path, offset, cancellationToken).ConfigureAwait(false)));

    /// <summary>
    /// A file opened to read from its start with its entry as <see cref="StatAsync"/> gives it, taken
    /// from the open file (<see cref="IDescribedFile"/>): one open instead of a look-up by name and
    /// then an open, for a reader that needs both (WebDAV's GET). Only when every check of both calls
    /// passes before anything is touched (List in the parent, as StatAsync asks; Read of the file, no
    /// hidden or reserved name, no file type the request filter refuses) and the storage describes the
    /// file it opened; otherwise, and when the path is no regular file that opens, null, with nothing
    /// noted or left open: the caller then goes the usual way (StatAsync, then OpenReadAsync), which
    /// gives the answer it always gave.
    /// </summary>
    public async ValueTask<(IReadHandle Handle, FileEntry Entry)?> TryOpenDescribedAsync(VfsPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot || !Allowed(path.Parent, Permissions.List) || !Allowed(path, Permissions.Read)
            || Hidden(path, FileError.NotFound) != FileError.None || Filter.RefusalFor(path.Name) is not null)
        {
            return null;
        }

        IReadHandle file;
        try
        {
            file = await storage.OpenReadAsync(path, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageErrors.ToFileError(e) is not null)
        {
            return null;
        }

        if (file.GetFacet<IDescribedFile>()?.Entry is not { } entry)
        {
            await file.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        return (Throttled(file), entry);
    }

    /// <summary>A download read at the account's bandwidth limit, when it has one.</summary>
    private IReadHandle Throttled(IReadHandle file) =>
        limiters?.Bandwidth.For(Account, TransferDirection.Download) is { } throttle ? new ThrottledReadHandle(file, throttle) : file;

    /// <summary>
    /// Needs Write (Append mode: Append or Write). An account whose policy forbids overwrites (a drop
    /// box) gets Exists for any upload onto a file that is there, whatever the mode: replacing,
    /// appending and resuming all change it. A file type the request filter refuses is Filtered; its
    /// largest size holds the upload (TooLarge as soon as a piece would cross it).
    /// </summary>
    public ValueTask<FileResult<IUploadHandle>> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) =>
        CallAsync(
            path,
            mode == WriteMode.Append ? Permissions.Append | Permissions.Write : Permissions.Write,
            path.IsRoot ? FileError.IsADirectory : Or(NewName(path), FileRefusal(path)),
            async () =>
            {
                if (!Account.Policy.Overwrite && mode != WriteMode.CreateNew
                    && await storage.StatAsync(path, cancellationToken).ConfigureAwait(false) is { IsDirectory: false })
                {
                    // Looked up first, then opened: a file another client makes in between is not
                    // replaced where the storage creates new files exclusively (local disk does, at the first byte).
                    throw new StorageException(FileError.Exists, "Uploads of this account never replace a file.");
                }

                return await OpenLimitedWriteAsync(path, mode, offset, cancellationToken).ConfigureAwait(false);
            });

    /// <summary>
    /// Whether an upload of <paramref name="bytes"/> (announced by FTP's ALLO or HTTP's Content-Length)
    /// fits the request filter's largest file: TooLarge, before any byte is sent, when it does not.
    /// </summary>
    public FileResult CheckUploadSize(long bytes)
    {
        var current = Filter;
        if (current.MaxFileBytes is { } max && bytes > max)
        {
            NoteFilterRefusal(current.SizeRefusal());
            return FileResult.Fail(FileError.TooLarge);
        }

        return FileResult.Success;
    }

    /// <summary>True when uploads may replace or change existing files (false for a drop box: <see cref="AccountPolicy.Overwrite"/>).</summary>
    public bool MayOverwrite => Account.Policy.Overwrite;

    /// <summary>Needs Mkdir. A folder counts as a file for the quota.</summary>
    public ValueTask<FileResult> CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Mkdir, path.IsRoot ? FileError.Exists : NewName(path), () => CountedAsync(new Usage(0, 1), async _ =>
        {
            await storage.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
            return new Usage(0, 1);
        }, cancellationToken));

    /// <summary>Needs Delete.</summary>
    public ValueTask<FileResult> DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Delete, path.IsRoot ? FileError.IsADirectory : Hidden(path, FileError.NotFound), () => CountedAsync(default, async counting =>
        {
            var size = counting ? (await storage.StatAsync(path, cancellationToken).ConfigureAwait(false))?.Length ?? 0 : 0;
            await storage.DeleteFileAsync(path, cancellationToken).ConfigureAwait(false);
            return new Usage(-size, -1);
        }, cancellationToken));

    /// <summary>Needs Delete. The root is never removed (Denied).</summary>
    public ValueTask<FileResult> DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.Delete, path.IsRoot ? FileError.Denied : Hidden(path, FileError.NotFound), () => CountedAsync(default, async _ =>
        {
            await storage.DeleteDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
            return new Usage(0, -1);
        }, cancellationToken));

    /// <summary>
    /// Needs Rename on both the source and the target. <paramref name="overwrite"/> lets a file
    /// replace a file; a folder at the target is always Exists (see <see cref="IStorage.RenameAsync"/>).
    /// An account that may not overwrite (<see cref="MayOverwrite"/>) never replaces a file this way: Exists.
    /// A folder on a backend without <see cref="StorageCapabilities.AtomicDirectoryRename"/> is moved
    /// file by file: copied, then deleted. That is not atomic; a failure half way leaves the source
    /// whole and part of the copy in place. A file whose old or new name the request filter refuses is
    /// Filtered; a folder is not held to extensions (its members move with it).
    /// </summary>
    public ValueTask<FileResult> RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) =>
        Allowed(from, Permissions.Rename)
            ? CallAsync(to, Permissions.Rename, MoveRefusal(from, to), () => CountedAsync(default, async counting =>
            {
                if (Or(FileRefusal(from), FileRefusal(to)) != FileError.None
                    && await storage.StatAsync(from, cancellationToken).ConfigureAwait(false) is { IsDirectory: false })
                {
                    throw new StorageException(FileError.Filtered, "The request filter refuses this file type.");
                }

                // Within one home a move changes nothing the quota counts, unless it replaces a file.
                var replaced = counting && overwrite && MayOverwrite && from != to ? await storage.StatAsync(to, cancellationToken).ConfigureAwait(false) : null;
                await RenameInStorageAsync(from, to, overwrite && MayOverwrite, cancellationToken).ConfigureAwait(false);
                return replaced is { IsDirectory: false } ? new Usage(-replaced.Length, -1) : default;
            }, cancellationToken))
            : ValueTask.FromResult(FileResult.Fail(FileError.Denied));

    /// <summary>
    /// Copies a file, or a folder (with its members when <paramref name="recursive"/>; alone, as an
    /// empty folder, otherwise). Needs Read at each source file, List at each source folder, Write at
    /// each target file and Mkdir at each target folder. Uses the backend's own copy where it has one
    /// (<see cref="StorageCapabilities.ServerSideCopy"/>), otherwise streams the bytes through a read
    /// and an upload. At the target the rules of <see cref="IStorage.CopyAsync"/> hold for a file;
    /// a folder never replaces anything (Exists), nor does anything of an account that may not overwrite. A folder copy stops at the first failure and leaves
    /// what it copied; links to folders are not followed (one may point to an ancestor). A file the
    /// request filter refuses (at its source or its target name) stops it as Filtered; hidden members
    /// of a copied folder go along and stay hidden.
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
            var size = await CopySizeAsync(from, recursive, cancellationToken).ConfigureAwait(false);
            await CountedAsync(size, async counting =>
            {
                var replaced = counting && overwrite && MayOverwrite ? await storage.StatAsync(to, cancellationToken).ConfigureAwait(false) : null;
                await _tree.CopyAsync(from, to, overwrite && MayOverwrite, recursive ? FileTree.MaxDepth : 0, AllowedToCopy, cancellationToken).ConfigureAwait(false);
                return replaced is { IsDirectory: false } ? size - new Usage(replaced.Length, 1) : size;
            }, cancellationToken, remeasureOnFailure: true).ConfigureAwait(false);
            return FileResult.Success;
        }
        catch (Exception e) when (StorageErrors.ToFileError(e) is { } error)
        {
            return FileResult.Fail(error);
        }
    }

    /// <summary>
    /// Bytes an upload into <paramref name="directory"/> may still take: what the storage reports
    /// free (<see cref="IStorageSpace"/>; Unsupported without it). Needs List or Write on the folder;
    /// NotFound or NotADirectory when it is no folder. One place, so that a quota can lower the
    /// answer for every protocol.
    /// </summary>
    public ValueTask<FileResult<long>> AvailableBytesAsync(VfsPath directory, CancellationToken cancellationToken) =>
        CallAsync(directory, Permissions.List | Permissions.Write, Hidden(directory, FileError.NotFound), async () =>
        {
            var entry = await storage.StatAsync(directory, cancellationToken).ConfigureAwait(false)
                ?? throw new StorageException(FileError.NotFound, "No such folder.");
            if (!entry.IsDirectory)
            {
                throw new StorageException(FileError.NotADirectory, "Not a folder.");
            }

            // The account's quota lowers what the disk has left; without either, nothing can be said.
            var quota = await QuotaRemainingAsync(cancellationToken).ConfigureAwait(false);
            if (storage is IStorageSpace space)
            {
                try
                {
                    var free = await space.AvailableBytesAsync(directory, cancellationToken).ConfigureAwait(false);
                    return quota is { } left ? Math.Min(free, left) : free;
                }
                catch (StorageException e) when (e.Error == FileError.Unsupported && quota is not null)
                {
                    // A tree of several storages (mount points) may tell free space in some folders only.
                }
            }

            return quota ?? throw new StorageException(FileError.Unsupported, "The storage does not report free space.");
        });

    /// <summary>Needs SetTime.</summary>
    public ValueTask<FileResult> SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) =>
        CallAsync(path, Permissions.SetTime, Hidden(path, FileError.NotFound), () => storage.SetLastModifiedAsync(path, lastModified, cancellationToken));

    /// <summary>Needs Chmod: making a file executable or world-writable is more than uploading it.</summary>
    public ValueTask<FileResult> SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) =>
        (storage.Capabilities & StorageCapabilities.UnixModes) == 0
            ? ValueTask.FromResult(FileResult.Fail(FileError.Unsupported))
            : CallAsync(path, Permissions.Chmod, Hidden(path, FileError.NotFound), () => storage.SetModeAsync(path, mode, cancellationToken));

    /// <summary>
    /// The account's quota and what it uses (measured first if need be), or null when it has no quota.
    /// FTP's AVBL and WebDAV's quota properties show it.
    /// </summary>
    public async ValueTask<QuotaStatus?> GetQuotaAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await MeasuredQuotaAsync(cancellationToken).ConfigureAwait(false) is { } usage ? new QuotaStatus(usage.Current, Account.Limits.Quota) : null;
        }
        catch (Exception e) when (StorageErrors.ToFileError(e) is not null)
        {
            return null; // The home could not be measured: unknown, which both protocols can say.
        }
    }

    /// <summary>Bytes the account may still store under its quota; null without a byte quota (the file system's free space is another matter).</summary>
    public async ValueTask<long?> QuotaRemainingAsync(CancellationToken cancellationToken) =>
        (await GetQuotaAsync(cancellationToken).ConfigureAwait(false))?.AvailableBytes;

    /// <summary>
    /// The sentence of this session's last quota refusal ("quota exceeded: N of M bytes used"), once:
    /// a protocol that got <see cref="FileError.Quota"/> tells the client in these words. Null when
    /// the Quota came from the storage (a full disk), not from the account's quota.
    /// </summary>
    public string? TakeQuotaRefusal() => Interlocked.Exchange(ref _quotaRefusal, null);

    private void NoteQuotaRefusal(string refusal) => Volatile.Write(ref _quotaRefusal, refusal);

    /// <summary>
    /// The sentence of this session's last refusal by the request filter ("files ending in .exe are
    /// not allowed here"), once: a protocol that got <see cref="FileError.Filtered"/> or
    /// <see cref="FileError.TooLarge"/> tells the client in these words.
    /// </summary>
    public string? TakeFilterRefusal() => Interlocked.Exchange(ref _filterRefusal, null);

    private void NoteFilterRefusal(string refusal) => Volatile.Write(ref _filterRefusal, refusal);

    /// <summary>The account's usage, measured, when it has a quota and limits apply here; otherwise null.</summary>
    private async ValueTask<QuotaUsage?> MeasuredQuotaAsync(CancellationToken cancellationToken)
    {
        if (limiters is null || !Account.Limits.Quota.Any)
        {
            return null;
        }

        var usage = limiters.Quotas.For(Account);
        await usage.EnsureMeasuredAsync(storage, cancellationToken).ConfigureAwait(false);
        return usage;
    }

    /// <summary>
    /// Runs a change the quota counts: <paramref name="need"/> is reserved first (refused with Quota
    /// when it does not fit), and what <paramref name="change"/> returns is recorded when it succeeds.
    /// Its argument says whether anything is counted (so that it stats only then).
    /// </summary>
    private async ValueTask CountedAsync(Usage need, Func<bool, ValueTask<Usage>> change, CancellationToken cancellationToken, bool remeasureOnFailure = false)
    {
        var usage = await MeasuredQuotaAsync(cancellationToken).ConfigureAwait(false);
        if (usage is null)
        {
            await change(false).ConfigureAwait(false);
            return;
        }

        if (!usage.TryReserve(need, Account.Limits.Quota, out var refusal))
        {
            NoteQuotaRefusal(refusal);
            throw new StorageException(FileError.Quota, refusal);
        }

        var changed = default(Usage);
        try
        {
            changed = await change(true).ConfigureAwait(false);
        }
        catch when (remeasureOnFailure)
        {
            // A tree copy that failed half way left part of itself: only a new walk knows how much.
            usage.Invalidate();
            throw;
        }
        finally
        {
            usage.Settle(need, changed);
        }
    }

    /// <summary>What a copy adds: a file's bytes, or a folder with (when recursive) its whole tree; nothing when no quota is counted.</summary>
    private async ValueTask<Usage> CopySizeAsync(VfsPath from, bool recursive, CancellationToken cancellationToken)
    {
        if (limiters is null || !Account.Limits.Quota.Any || await storage.StatAsync(from, cancellationToken).ConfigureAwait(false) is not { } source)
        {
            return default;
        }

        return !source.IsDirectory ? new Usage(source.Length, 1)
            : recursive ? await UsageScan.MeasureAsync(storage, from, cancellationToken).ConfigureAwait(false) + new Usage(0, 1)
            : new Usage(0, 1);
    }

    /// <summary>An upload, wrapped when the quota, a bandwidth limit or a largest file size applies to it (never otherwise: the kernel's fast paths stay open).</summary>
    private async ValueTask<IUploadHandle> OpenLimitedWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken)
    {
        var throttle = limiters?.Bandwidth.For(Account, TransferDirection.Upload);
        var usage = await MeasuredQuotaAsync(cancellationToken).ConfigureAwait(false);
        var cap = await SizeCapAsync(path, mode, offset, cancellationToken).ConfigureAwait(false);
        if (throttle is null && usage is null && cap is null)
        {
            return await storage.OpenWriteAsync(path, mode, offset, cancellationToken).ConfigureAwait(false);
        }

        var ticket = usage is null
            ? null
            : await QuotaTicket.OpenAsync(usage, () => Account.Limits.Quota, storage, path, mode, offset, NoteQuotaRefusal, cancellationToken).ConfigureAwait(false);
        try
        {
            return new LimitedUploadHandle(await storage.OpenWriteAsync(path, mode, offset, cancellationToken).ConfigureAwait(false), throttle, ticket, cap);
        }
        catch when (ticket is not null)
        {
            ticket.Cancel();
            throw;
        }
    }

    /// <summary>
    /// The cap of an upload under the request filter's largest file, or null without one: the room
    /// left from where its first byte lands (REST's offset, an append's end of file).
    /// </summary>
    private async ValueTask<SizeCap?> SizeCapAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken)
    {
        var current = Filter;
        if (current.MaxFileBytes is not { } max)
        {
            return null;
        }

        var before = await storage.StatAsync(path, cancellationToken).ConfigureAwait(false);
        var start = mode switch
        {
            WriteMode.WriteAt => offset,
            WriteMode.Append => before?.Length ?? 0,
            _ => 0,
        };
        // A CreateWhole upload never has a part at the name: nothing there is its to remove.
        return new SizeCap(storage, path, max - start, before is null && mode != WriteMode.CreateWhole, current.SizeRefusal(), NoteFilterRefusal);
    }

    /// <summary>The request filter in force now.</summary>
    private RequestFilter Filter => filter?.Invoke() ?? RequestFilter.None;

    /// <summary>The first of two refusals that is one.</summary>
    private static FileError Or(FileError first, FileError second) => first != FileError.None ? first : second;

    /// <summary>The refusal for a path with a reserved or a hidden name in it, or None.</summary>
    private FileError Hidden(VfsPath path, FileError refusal) =>
        ReservedNames.IsHidden(path) || Filter.Hides(path) ? refusal : FileError.None;

    /// <summary>Filtered (its sentence noted) when the request filter refuses a file of this name; otherwise None.</summary>
    private FileError FileRefusal(VfsPath path)
    {
        if (path.IsRoot || Filter.RefusalFor(path.Name) is not { } refusal)
        {
            return FileError.None;
        }

        NoteFilterRefusal(refusal);
        return FileError.Filtered;
    }

    /// <summary>
    /// The rights check of a copy, item by item, with the request filter: Read and Write are asked of
    /// files only (List and Mkdir of folders), so a refused file type stops the copy there as Filtered.
    /// </summary>
    private bool AllowedToCopy(VfsPath path, Permissions right) =>
        right is Permissions.Read or Permissions.Write && FileRefusal(path) != FileError.None
            ? throw new StorageException(FileError.Filtered, "The request filter refuses this file type.")
            : Allowed(path, right);

    /// <summary>
    /// The refusal for a name a client wants to create: NotFound for one with a hidden segment (it
    /// reads as absent, never as forbidden); InvalidName for a reserved one, or, when the storage asks
    /// for portable names, one Windows cannot hold (only the new name is checked; the folders above
    /// it exist already).
    /// </summary>
    private FileError NewName(VfsPath path) =>
        Filter.Hides(path) ? FileError.NotFound
        : ReservedNames.IsHidden(path) || (storage.PortableNames && !path.IsRoot && !PortableNames.IsPortable(path.Name))
            ? FileError.InvalidName
            : FileError.None;

    /// <summary>What a rename may not do, in the order a client would want to hear it.</summary>
    private FileError MoveRefusal(VfsPath from, VfsPath to) =>
        from.IsRoot ? FileError.Denied
        : to.IsRoot ? FileError.Exists
        : Hidden(from, FileError.NotFound) is not FileError.None and var hidden ? hidden
        : NewName(to) is not FileError.None and var refused && to != from ? refused
        : to != from && to.IsAtOrBelow(from) ? FileError.InvalidName
        : FileError.None;

    /// <summary>As for a rename, and a copy onto itself is refused too (it would read what it writes).</summary>
    private FileError CopyRefusal(VfsPath from, VfsPath to) =>
        to.IsRoot ? FileError.Exists
        : Hidden(from, FileError.NotFound) is not FileError.None and var hidden ? hidden
        : NewName(to) is not FileError.None and var refused ? refused
        : to.IsAtOrBelow(from) ? FileError.InvalidName
        : FileError.None;

    private async ValueTask RenameInStorageAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken)
    {
        if ((storage.Capabilities & StorageCapabilities.AtomicDirectoryRename) == 0 && from != to
            && await storage.StatAsync(from, cancellationToken).ConfigureAwait(false) is { IsDirectory: true })
        {
            try
            {
                // Asked first all the same: a tree of several storages (mount points) refuses a move that
                // would cross or remove a mount point before any file is copied; a plain backend says Unsupported.
                await storage.RenameAsync(from, to, overwrite, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StorageException e) when (e.Error == FileError.Unsupported)
            {
                await _tree.MoveAsync(from, to, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await storage.RenameAsync(from, to, overwrite, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the account holds any of <paramref name="anyOf"/> at <paramref name="path"/>.</summary>
    private bool Allowed(VfsPath path, Permissions anyOf) => (PermissionsFor(path) & anyOf) != 0;

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
