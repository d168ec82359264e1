using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;
using static Ferry.Storage.Local.LinuxNative;

namespace Ferry.Storage.Local;

/// <summary>
/// A folder on local disk as an <see cref="IStorage"/>. The folder is a jail: every path is opened
/// through <see cref="JailedRoot"/> (openat2 RESOLVE_IN_ROOT on Linux 5.6+, a realpath check
/// otherwise) and every name-changing call (mkdir, unlink, rename) is made relative to a descriptor
/// of the parent folder so that no symlink can lead it out. Linux only for now.
/// </summary>
/// <remarks>
/// A symlink inside the tree is followed inside the jail only: with openat2 a link to "/etc" means
/// "&lt;root&gt;/etc"; with the fallback a link whose real target lies outside is refused (Denied).
/// Listings and stat show a link with its target's type, size and time, and Unix facts that mark
/// it as a link. The rules every backend shares (the root, moves into themselves, reserved names)
/// are FileService's; this class relies on them (the kernel still refuses a move into itself).
/// </remarks>
public sealed class LocalStorage : ILocalStorage, IRawListing
{
    /// <summary>How many times an open that raced with a concurrent create or delete is retried.</summary>
    private const int RaceAttempts = 3;

    /// <summary>
    /// Stale temporary files are looked for this many folders deep: the walk holds one descriptor
    /// per level, and a bind mount of a folder into itself must not make it endless.
    /// </summary>
    private const int MaxCleanupDepth = 128;

    private readonly JailedRoot _root;
    private readonly LocalStorageOptions _options;
    private readonly DiskFlush _disk;

    public LocalStorage(string rootDirectory, LocalStorageOptions options)
        : this(rootDirectory, options, preferOpenat2: true)
    {
    }

    /// <summary>Lets tests run the realpath fallback on a kernel that has openat2, and watch what is flushed.</summary>
    internal LocalStorage(string rootDirectory, LocalStorageOptions options, bool preferOpenat2, DiskFlush? disk = null)
    {
        ArgumentNullException.ThrowIfNull(rootDirectory);
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException("The kernel jail needs 64-bit Linux (openat2 and the *at system calls); elsewhere use Storage:Jail Portable.");
        }

        _root = new JailedRoot(rootDirectory, preferOpenat2);
        _options = options;
        _disk = disk ?? DiskFlush.System;
    }

    /// <summary>
    /// Everything a local file system keeps: a folder rename is one rename(2), a copy lands by one
    /// too, and a new file by one renameat2 RENAME_NOREPLACE (or link(2)).
    /// </summary>
    public const StorageCapabilities LocalCapabilities =
        StorageCapabilities.AtomicReplace | StorageCapabilities.AtomicCreate | StorageCapabilities.Append | StorageCapabilities.RandomWrite
        | StorageCapabilities.SetTimes | StorageCapabilities.UnixModes
        | StorageCapabilities.AtomicDirectoryRename | StorageCapabilities.ServerSideCopy;

    public StorageCapabilities Capabilities => LocalCapabilities;

    public bool PortableNames => _options.PortableNames;

    public LocalJail Jail => LocalJail.Kernel;

    /// <summary>True when the kernel enforces the jail (openat2); false with the realpath fallback.</summary>
    public bool KernelJail => _root.UsesOpenat2;

    private uint FileMode => (uint)_options.FileMode & 0xFFF;

    private uint DirectoryMode => (uint)_options.DirectoryMode & 0xFFF;

    public ValueTask<FileEntry?> StatAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        if (path.IsRoot)
        {
            using var root = _root.Open(path, OPath | ODirectory);
            return LocalEntries.FromStatx("/", LocalEntries.StatHandle(root), isLink: false);
        }

        try
        {
            using var parent = _root.OpenParent(path);
            return LocalEntries.TryLstat(parent, path.Name, out var status)
                ? LocalEntries.Describe(_root, path, path.Name, status)
                : null;
        }
        catch (StorageException e) when (e.Error is FileError.NotFound or FileError.NotADirectory)
        {
            return (FileEntry?)null;
        }
    }, cancellationToken);

    /// <summary>statvfs of the folder's file system: the blocks an unprivileged user may still fill (f_bavail), as df shows them.</summary>
    public ValueTask<long> AvailableBytesAsync(VfsPath directory, CancellationToken cancellationToken) => Run(() =>
    {
        using var folder = _root.Open(directory, OPath | ODirectory);
        if (Fstatvfs((int)folder.DangerousGetHandle(), out var status) != 0)
        {
            throw Errno.Last("fstatvfs");
        }

        return (long)UInt128.Min((UInt128)status.BlocksAvailable * status.FragmentSize, long.MaxValue);
    }, cancellationToken);

    public IAsyncEnumerable<FileEntry> ListAsync(VfsPath directory, CancellationToken cancellationToken) =>
        new DirectoryListing(_root, directory);

    /// <summary>The same entries as <see cref="ListAsync"/>, read without a string or an entry object each.</summary>
    public IRawEntryReader OpenRaw(VfsPath directory) => new RawDirectoryReader(_root, directory);

    public ValueTask<IReadHandle> OpenReadAsync(VfsPath path, long offset, CancellationToken cancellationToken) => Run<IReadHandle>(() =>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        // O_NONBLOCK: opening a FIFO someone placed in the tree must not hang the session.
        var handle = _root.Open(path, ORdOnly | ONoCtty | ONonBlock);
        try
        {
            var status = LocalEntries.StatHandle(handle);
            CheckRegularFile(status);
            var size = (long)status.Size;
            return (size - offset <= SmallReadBytes
                ? new LocalReadHandle(handle, isAsync: false, size, offset)
                : AsAsync(handle, size, offset)).Describing(path.IsRoot ? "/" : path.Name, status);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }, cancellationToken);

    public ValueTask<IUploadHandle> OpenWriteAsync(VfsPath path, WriteMode mode, long offset, CancellationToken cancellationToken) => Run<IUploadHandle>(() =>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        RefuseEscapedName(path);
        if (mode != WriteMode.WriteAt)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(offset, 0);
        }

        return mode switch
        {
            WriteMode.Replace => OpenReplace(path),
            WriteMode.WriteAt => OpenInPlace(path, offset, append: false),
            WriteMode.Append => OpenInPlace(path, 0, append: true),
            WriteMode.CreateNew => OpenCreateNew(path),
            WriteMode.CreateWhole => OpenCreateWhole(path),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
    }, cancellationToken);

    public ValueTask CreateDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        RefuseEscapedName(path);
        using var parent = _root.OpenParent(path);
        var parentFd = Fd(parent);
        if (MkdirAt(parentFd, path.Name, DirectoryMode) != 0)
        {
            throw Errno.Last("mkdirat");
        }

        // mkdir's mode is cut by the process umask; set the configured one exactly.
        var fd = OpenAt(parentFd, path.Name, ORdOnly | ODirectory | ONoFollow | OCloExec, 0);
        if (fd < 0)
        {
            throw Errno.Last("open new folder");
        }

        using var created = new SafeFileHandle(fd, ownsHandle: true);
        SetMode(created, DirectoryMode);
    }, cancellationToken);

    public ValueTask DeleteFileAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        using var parent = _root.OpenParent(path);
        // unlink(2) on a folder fails with EISDIR on Linux, which is the answer wanted here.
        if (UnlinkAt(Fd(parent), path.Name, 0) != 0)
        {
            throw Errno.Last("unlinkat");
        }
    }, cancellationToken);

    public ValueTask DeleteDirectoryAsync(VfsPath path, CancellationToken cancellationToken) => Run(() =>
    {
        using var parent = _root.OpenParent(path);
        if (UnlinkAt(Fd(parent), path.Name, AtRemoveDir) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            // rmdir reports a folder with entries as ENOTEMPTY or (POSIX allows it) EEXIST.
            throw errno is Errno.ENOTEMPTY or Errno.EEXIST
                ? new StorageException(FileError.NotEmpty, "The folder is not empty.")
                : Errno.FromErrno(errno, "rmdir");
        }
    }, cancellationToken);

    public ValueTask RenameAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken) => Run(() =>
    {
        if (to != from)
        {
            RefuseEscapedName(to);
        }

        using var fromParent = _root.OpenParent(from);
        using var toParent = _root.OpenParent(to);
        if (!LocalEntries.TryLstat(fromParent, from.Name, out var source))
        {
            throw new StorageException(FileError.NotFound, "Nothing to rename.");
        }

        if (from == to)
        {
            return;
        }

        Move(fromParent, from.Name, toParent, to.Name, replace: overwrite && source.Type != SIfDir);
    }, cancellationToken);

    public async ValueTask CopyAsync(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken)
    {
        RefuseEscapedName(to);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // A copy moves the whole file: off the caller's thread, like any long piece of I/O.
            await Task.Run(() => CopyFile(from, to, overwrite, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not StorageException && LocalErrors.ToFileError(e) is { } error)
        {
            throw new StorageException(error, e.Message, e);
        }
    }

    public ValueTask SetLastModifiedAsync(VfsPath path, DateTimeOffset lastModified, CancellationToken cancellationToken) => Run(() =>
    {
        using var handle = _root.Open(path, OPath);
        SetTimes(handle, lastModified);
    }, cancellationToken);

    public ValueTask SetModeAsync(VfsPath path, UnixFileMode mode, CancellationToken cancellationToken) => Run(() =>
    {
        // Only the rwx bits: a client must never make a set-id program or a sticky folder.
        const UnixFileMode Allowed = (UnixFileMode)0b111_111_111;
        if (OperatingSystem.IsWindows())
        {
            throw new StorageException(FileError.Unsupported, "Windows files have no Unix permission bits.");
        }

        using var handle = _root.Open(path, ORdOnly | ONoCtty | ONonBlock);
        File.SetUnixFileMode(handle, mode & Allowed);
    }, cancellationToken);

    /// <summary>
    /// Deletes the temporary files that uploads interrupted by a crash left behind, anywhere under
    /// the root. Symlinks are never followed; folders deeper than a fixed bound are not visited.
    /// Call it at start-up, before any session can be uploading.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public int RemoveStaleTemporaryFiles() => StaleTemporaryFiles.Remove(_root.RootFd, MaxCleanupDepth);

    public void Dispose() => _root.Dispose();

    private static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    /// <summary>
    /// Renames one name to another, relative to descriptors of their folders. With
    /// <paramref name="replace"/> a file at the target is replaced in one step (rename(2)); a folder
    /// there is Exists, whatever rename(2) would do with an empty one. Without it anything at the
    /// target is Exists: renameat2 RENAME_NOREPLACE checks and renames in one step.
    /// </summary>
    private static void Move(SafeFileHandle fromParent, string fromName, SafeFileHandle toParent, string toName, bool replace)
    {
        if (!replace)
        {
            if (RenameAt2(Fd(fromParent), fromName, Fd(toParent), toName, RenameNoReplace) == 0)
            {
                return;
            }

            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno is not (Errno.ENOSYS or Errno.EINVAL))
            {
                throw errno == Errno.EEXIST
                    ? new StorageException(FileError.Exists, "The target exists.")
                    : Errno.FromErrno(errno, "renameat2");
            }

            // The kernel (before 3.15) or the file system (some network and FUSE ones) lacks the
            // flag; EINVAL may also mean "into itself", which the rename below reports again. Check,
            // then rename: a file made at the target between the two is replaced. A race the flag
            // closes where it exists; here it is the best a plain rename(2) can do.
            if (LocalEntries.TryLstat(toParent, toName, out _))
            {
                throw new StorageException(FileError.Exists, "The target exists.");
            }
        }
        else if (LocalEntries.TryLstat(toParent, toName, out var target) && target.Type == SIfDir)
        {
            // rename(2) would replace an empty folder; the contract says a folder target is Exists.
            throw new StorageException(FileError.Exists, "The target is a folder.");
        }

        if (RenameAt(Fd(fromParent), fromName, Fd(toParent), toName) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw errno is Errno.EISDIR or Errno.ENOTEMPTY or Errno.EEXIST
                ? new StorageException(FileError.Exists, "The target is a folder.")
                : Errno.FromErrno(errno, "renameat");
        }
    }

    /// <summary>
    /// Copies a regular file into a temporary file beside the target, makes it durable as an upload
    /// would be, and renames it into place: the copy appears whole or not at all.
    /// </summary>
    private void CopyFile(VfsPath from, VfsPath to, bool overwrite, CancellationToken cancellationToken)
    {
        // O_NONBLOCK: a FIFO must not hang the open; it is refused below.
        using var source = _root.Open(from, ORdOnly | ONoCtty | ONonBlock);
        var status = LocalEntries.StatHandle(source);
        CheckRegularFile(status);
        using var parent = _root.OpenParent(to);
        if (LocalEntries.TryLstat(parent, to.Name, out var existing) && (existing.Type == SIfDir || !overwrite))
        {
            throw new StorageException(FileError.Exists, "The copy's target exists.");
        }

        // The copy keeps the source's permission bits, not its set-id bits.
        var target = CreateTemporary(parent, (uint)status.Mode & 0x1FF, out var temporaryName);
        var placed = false;
        try
        {
            using (target)
            {
                FileBytes.Copy(source, target, cancellationToken);
                if (_options.FlushOnCommit && Fsync(Fd(target)) != 0)
                {
                    throw Errno.Last("fsync");
                }
            }

            Move(parent, temporaryName, parent, to.Name, replace: overwrite);
            placed = true;
            if (_options.FlushOnCommit)
            {
                _disk.FlushFolder(Fd(parent));
            }
        }
        finally
        {
            if (!placed)
            {
                _ = UnlinkAt(Fd(parent), temporaryName, 0);
            }
        }
    }

    private static void CheckRegularFile(in Statx status)
    {
        if (status.Type == SIfDir)
        {
            throw new StorageException(FileError.IsADirectory, "The path is a folder.");
        }

        if (status.Type != SIfReg)
        {
            throw new StorageException(FileError.Denied, "Only regular files can be read or written.");
        }
    }

    private static void SetMode(SafeFileHandle handle, uint mode)
    {
        if (Fchmod(Fd(handle), mode) != 0)
        {
            throw Errno.Last("fchmod");
        }
    }

    private static unsafe void SetTimes(SafeFileHandle handle, DateTimeOffset lastModified)
    {
        var (seconds, ticks) = Math.DivRem(lastModified.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.TicksPerSecond);
        if (ticks < 0)
        {
            seconds--;
            ticks += TimeSpan.TicksPerSecond;
        }

        var times = stackalloc Timespec[2];
        times[0] = new Timespec { Seconds = 0, Nanoseconds = UtimeOmit }; // atime stays
        times[1] = new Timespec { Seconds = seconds, Nanoseconds = ticks * 100 };
        if (UtimensAt(Fd(handle), "", times, AtEmptyPath) != 0)
        {
            throw Errno.Last("utimensat");
        }
    }

    /// <summary>
    /// Reads of this much or less skip sendfile: its set-up (a second open through /proc, a lock, a
    /// seek, a SendPackets operation) costs more than copying the bytes through one pooled buffer.
    /// Measured with 2,000 files of 4 KiB over one session (docs/performance.md).
    /// </summary>
    internal const long SmallReadBytes = 128 * 1024;

    /// <summary>
    /// The kernel's sendfile path (Socket.SendPacketsAsync) takes only a FileStream opened for
    /// asynchronous I/O, and .NET marks a handle asynchronous only when it opened the file itself.
    /// Reopening the jailed descriptor through /proc/self/fd gives the very same file (the magic
    /// link names the open file, not a path to resolve again), so the jail check still holds.
    /// Without /proc the synchronous handle serves, and transfers take the buffered path.
    /// </summary>
    private static LocalReadHandle AsAsync(SafeFileHandle handle, long size, long offset)
    {
        var procPath = $"/proc/self/fd/{handle.DangerousGetHandle()}";
        try
        {
            var reopened = File.OpenHandle(procPath, System.IO.FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            handle.Dispose();
            return new LocalReadHandle(reopened, isAsync: true, size, offset);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new LocalReadHandle(handle, isAsync: false, size, offset);
        }
    }

    private FileStream Stream(SafeFileHandle handle) => new(handle, FileAccess.Write, bufferSize: 0, isAsync: false);

    private IUploadHandle OpenReplace(VfsPath path)
    {
        var parent = _root.OpenParent(path);
        try
        {
            if (!LocalEntries.TryLstat(parent, path.Name, out var existing))
            {
                // A new file is written under its own name, so that a broken upload can resume;
                // it is made when the first byte arrives, so that an upload whose data never
                // comes (a failed data connection or TLS handshake) leaves no empty file behind.
                var folder = parent;
                var name = path.Name;
                return LocalUploadHandle.Deferred(() => CreateFile(folder, name), _options.FlushOnCommit, _disk, folder);
            }

            var replacedMode = FileMode;
            if (existing.Type == SIfLnk)
            {
                // The link itself is replaced by the new file; a link to a folder is refused.
                var target = LocalEntries.Describe(_root, path, path.Name, existing);
                if (target.IsDirectory)
                {
                    throw new StorageException(FileError.IsADirectory, "The path is a folder.");
                }
            }
            else
            {
                CheckRegularFile(existing);
                // Keep the replaced file's permission bits (not set-id bits).
                replacedMode = (uint)existing.Mode & 0x1FF;
            }

            var temporary = CreateTemporary(parent, replacedMode, out var temporaryName);
            return LocalUploadHandle.Beside(Stream(temporary), temporary, _options.FlushOnCommit, _disk, parent, temporaryName, path.Name);
        }
        catch
        {
            parent.Dispose();
            throw;
        }
    }

    private IUploadHandle OpenInPlace(VfsPath path, long offset, bool append)
    {
        var extra = append ? OAppend : 0;
        for (var attempt = 0; attempt < RaceAttempts; attempt++)
        {
            SafeFileHandle handle;
            var created = false;
            try
            {
                handle = _root.Open(path, OWrOnly | OCreat | OExcl | extra, FileMode);
                SetModeOrDispose(handle, FileMode);
                created = true;
            }
            catch (StorageException e) when (e.Error == FileError.Exists)
            {
                try
                {
                    // O_NONBLOCK: a FIFO must not hang the open; it is refused below.
                    handle = _root.Open(path, OWrOnly | ONoCtty | ONonBlock | extra);
                }
                catch (StorageException gone) when (gone.Error == FileError.NotFound)
                {
                    continue; // deleted meanwhile: create it
                }

                try
                {
                    CheckRegularFile(LocalEntries.StatHandle(handle));
                }
                catch
                {
                    handle.Dispose();
                    throw;
                }
            }

            var stream = Stream(handle);
            try
            {
                if (append)
                {
                    stream.Seek(0, SeekOrigin.End);
                }
                else
                {
                    stream.SetLength(offset);
                    stream.Position = offset;
                }
            }
            catch (Exception e)
            {
                stream.Dispose();
                throw LocalErrors.Translate(e);
            }

            SafeFileHandle? folder = null;
            try
            {
                // A file this upload created has a new name in its folder, which commit flushes too.
                folder = created ? _root.OpenParent(path) : null;
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            return LocalUploadHandle.InPlace(stream, handle, _options.FlushOnCommit, _disk, append, folder);
        }

        throw new StorageException(FileError.Unavailable, "The file kept appearing and disappearing.");
    }

    private IUploadHandle OpenCreateNew(VfsPath path)
    {
        // Created at once, unlike a new file under Replace: the name must be claimed now, so that a
        // caller picking a unique name learns at once that it is taken.
        var parent = _root.OpenParent(path);
        try
        {
            var handle = CreateFile(parent, path.Name);
            return LocalUploadHandle.InPlace(Stream(handle), handle, _options.FlushOnCommit, _disk, createdIn: parent);
        }
        catch
        {
            parent.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new file written under a temporary name beside its own (hidden from clients, removed at
    /// start-up if a crash leaves it), which commit puts in place only while the name is free.
    /// </summary>
    private IUploadHandle OpenCreateWhole(VfsPath path)
    {
        var parent = _root.OpenParent(path);
        try
        {
            // Looked at now so that a name already taken is refused before any byte is sent; commit looks again, atomically.
            if (LocalEntries.TryLstat(parent, path.Name, out var existing))
            {
                throw existing.Type == SIfDir
                    ? new StorageException(FileError.IsADirectory, "The path is a folder.")
                    : new StorageException(FileError.Exists, "The file exists.");
            }

            var temporary = CreateTemporary(parent, FileMode, out var temporaryName);
            return LocalUploadHandle.Whole(Stream(temporary), temporary, _options.FlushOnCommit, _disk, parent, temporaryName, path.Name);
        }
        catch
        {
            parent.Dispose();
            throw;
        }
    }

    /// <summary>Creates a file that must not exist yet in <paramref name="parent"/>, with the configured mode exactly.</summary>
    private SafeFileHandle CreateFile(SafeFileHandle parent, string name)
    {
        var fd = OpenAt(Fd(parent), name, OWrOnly | OCreat | OExcl | ONoFollow | OCloExec, FileMode);
        if (fd < 0)
        {
            throw Errno.Last("create");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        SetModeOrDispose(handle, FileMode);
        return handle;
    }

    /// <summary>
    /// A fresh temporary file in <paramref name="parent"/> with <paramref name="mode"/>, claimed for
    /// as long as its handle is open (<see cref="TemporaryNames.Claim"/>), for an upload or a copy
    /// written beside its target. One that is made but refuses its mode goes again; nothing is made
    /// on Exists (a clash of 64 random bits).
    /// </summary>
    private static SafeFileHandle CreateTemporary(SafeFileHandle parent, uint mode, out string name)
    {
        name = TemporaryNames.Create();
        var fd = OpenAt(Fd(parent), name, OWrOnly | OCreat | OExcl | ONoFollow | OCloExec, mode);
        if (fd < 0)
        {
            throw Errno.Last("create temporary file");
        }

        TemporaryNames.Claim(fd);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            SetMode(handle, mode);
        }
        catch
        {
            handle.Dispose();
            _ = UnlinkAt(Fd(parent), name, 0);
            throw;
        }

        return handle;
    }

    private static void SetModeOrDispose(SafeFileHandle handle, uint mode)
    {
        try
        {
            SetMode(handle, mode);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    // errno and .NET file exceptions become the contract's StorageException.
    /// <summary>
    /// Ferry reads, renames and deletes names that are not UTF-8 (listed escaped, see <see cref="DiskNames"/>),
    /// but never writes one: a client that sends "caf%E9.txt" for a new file means those characters,
    /// and a name it could only mean as bytes would surprise everyone who looks at the disk.
    /// </summary>
    private static void RefuseEscapedName(VfsPath path)
    {
        if (!path.IsRoot && !DiskNames.IsWritable(path.Name))
        {
            throw new StorageException(FileError.InvalidName, "A name that stands for bytes that are not UTF-8 is never written.");
        }
    }

    private static ValueTask<T> Run<T>(Func<T> work, CancellationToken cancellationToken) =>
        SynchronousCall.Run(work, LocalErrors.Translate, cancellationToken);

    private static ValueTask Run(Action work, CancellationToken cancellationToken) =>
        SynchronousCall.Run(work, LocalErrors.Translate, cancellationToken);
}
