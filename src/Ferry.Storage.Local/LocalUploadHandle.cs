using Ferry.Core.Files;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;
using static Ferry.Storage.Local.LinuxNative;

namespace Ferry.Storage.Local;

/// <summary>
/// An upload to local disk. In place (new file, WriteAt, Append, CreateNew) the bytes land in the
/// file itself and an abort keeps them for a resume. Beside (Replace over an existing file) they go
/// to a temporary file in the same folder that commit renames over the target (rename(2) is atomic
/// within one file system) and abort deletes. A new file (Replace where none is) is created when the
/// first byte is written or at commit, not when the upload starts: an upload that never gets data
/// (its data connection failed) leaves nothing behind. Whole (CreateWhole) is Beside for a new name:
/// commit puts the temporary file there only while the name is free (<see cref="NewFilePlacement"/>).
/// </summary>
internal sealed class LocalUploadHandle : IUploadHandle
{
    private readonly Func<SafeFileHandle>? _create;
    private readonly bool _flush;
    private readonly DiskFlush _disk;
    private readonly SafeFileHandle? _folder;
    private readonly string? _temporaryName;
    private readonly string? _targetName;
    private readonly bool _append;

    /// <summary>CreateWhole: commit never replaces; a taken name keeps the temporary file for <see cref="CommitReplacingAsync"/>.</summary>
    private readonly bool _whole;
    private FileStream? _file;
    private SafeFileHandle? _handle;
    private ErrorMappingStream? _content;
    private bool _finished;

    /// <summary>The bytes are flushed and the file closed: a second commit (replacing) only renames.</summary>
    private bool _closed;

    private LocalUploadHandle(
        FileStream? file, SafeFileHandle? handle, Func<SafeFileHandle>? create, bool flush, DiskFlush disk,
        SafeFileHandle? folder, string? temporaryName, string? targetName, bool append, bool whole = false)
    {
        _whole = whole;
        _file = file;
        _handle = handle;
        _create = create;
        _flush = flush;
        _disk = disk;
        _folder = folder;
        _temporaryName = temporaryName;
        _targetName = targetName;
        _append = append;
        Content = new DeferredUploadStream(() => _file, () => Opened);
    }

    public Stream Content { get; }

    /// <summary>An upload written straight into its file; <paramref name="append"/>: opened with O_APPEND.</summary>
    /// <param name="file">The stream over <paramref name="handle"/> (asking the stream for its handle would cost a seek).</param>
    /// <param name="createdIn">
    /// The folder, when the upload created the file: commit flushes it too, so that the new name
    /// survives a crash as well as the bytes. The handle takes ownership of it.
    /// </param>
    public static LocalUploadHandle InPlace(FileStream file, SafeFileHandle handle, bool flush, DiskFlush disk, bool append = false, SafeFileHandle? createdIn = null) =>
        new(file, handle, null, flush, disk, createdIn, null, null, append);

    /// <summary>An upload into <paramref name="temporaryName"/> that commit renames to <paramref name="targetName"/>; takes ownership of <paramref name="folder"/>.</summary>
    public static LocalUploadHandle Beside(FileStream file, SafeFileHandle handle, bool flush, DiskFlush disk, SafeFileHandle folder, string temporaryName, string targetName) =>
        new(file, handle, null, flush, disk, folder, temporaryName, targetName, append: false);

    /// <summary>A CreateWhole upload into <paramref name="temporaryName"/> that commit puts at the free <paramref name="targetName"/>; takes ownership of <paramref name="folder"/>.</summary>
    public static LocalUploadHandle Whole(FileStream file, SafeFileHandle handle, bool flush, DiskFlush disk, SafeFileHandle folder, string temporaryName, string targetName) =>
        new(file, handle, null, flush, disk, folder, temporaryName, targetName, append: false, whole: true);

    /// <summary>
    /// An upload into a new file in <paramref name="folder"/> that <paramref name="create"/> makes
    /// when the first byte comes (or at commit, for an empty file); takes ownership of <paramref name="folder"/>.
    /// </summary>
    public static LocalUploadHandle Deferred(Func<SafeFileHandle> create, bool flush, DiskFlush disk, SafeFileHandle folder) =>
        new(null, null, create, flush, disk, folder, null, null, append: false);

    /// <summary>
    /// No receive facet for an append: the file is open with O_APPEND, which splice(2) refuses
    /// (EINVAL), and clearing the flag would let a concurrent appender's bytes be overwritten.
    /// </summary>
    public T? GetFacet<T>()
        where T : class => (_append ? null : new ReceivableFile(this) as T) ?? this as T;

    /// <summary>The file, created now if it was deferred.</summary>
    private FileStream File
    {
        get
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            if (_file is null)
            {
                var handle = _create!();
                _handle = handle;
                _file = new FileStream(handle, FileAccess.Write, bufferSize: 0, isAsync: false);
            }

            return _file;
        }
    }

    private Stream Opened => _content ??= new ErrorMappingStream(File);

    public ValueTask CommitAsync(CancellationToken cancellationToken) => CommitAsync(exclusive: _whole, cancellationToken);

    public ValueTask CommitReplacingAsync(CancellationToken cancellationToken) => _whole
        ? CommitAsync(exclusive: false, cancellationToken)
        : throw new StorageException(FileError.Unsupported, "Only a CreateWhole upload can be committed over a file.");

    /// <param name="exclusive">Put the temporary file only under a free name (Exists otherwise, and the upload stays open).</param>
    private async ValueTask CommitAsync(bool exclusive, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            if (!_closed)
            {
                var file = File; // An upload of no bytes still makes its (empty) file.
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (_flush)
                {
                    _disk.FlushFile(file);
                }

                await file.DisposeAsync().ConfigureAwait(false);
                _closed = true;
            }

            if (_folder is not null)
            {
                var folderFd = (int)_folder.DangerousGetHandle();
                if (_temporaryName is not null && exclusive)
                {
                    NewFilePlacement.Place(folderFd, _temporaryName, _targetName!);
                }
                else if (_temporaryName is not null && RenameAt(folderFd, _temporaryName, folderFd, _targetName!) != 0)
                {
                    throw Errno.Last("renameat");
                }

                // The folder holds the new name (a created file or a rename): without its fsync a crash
                // can lose the name, and the bytes flushed above with it.
                if (_flush)
                {
                    _disk.FlushFolder(folderFd);
                }
            }

            _finished = true;
            _folder?.Dispose();
        }
        catch (StorageException e) when (exclusive && e.Error == FileError.Exists)
        {
            // The name was taken meanwhile: the caller decides between an abort and a replacing commit.
            throw;
        }
        catch (Exception e)
        {
            await AbortAsync().ConfigureAwait(false);
            throw LocalErrors.Translate(e);
        }
    }

    public async ValueTask AbortAsync()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }

        if (_folder is not null)
        {
            if (_temporaryName is not null)
            {
                // Best effort: a temp file left behind is invisible and removed at the next start-up.
                _ = UnlinkAt((int)_folder.DangerousGetHandle(), _temporaryName, 0);
            }

            _folder.Dispose();
        }
    }

    public ValueTask DisposeAsync() => AbortAsync();

    /// <summary>fsync of the folder makes the rename itself durable, not only the file's bytes.</summary>
    internal static void FlushFolder(int folderFd)
    {
        var fd = OpenAt(folderFd, ".", ORdOnly | ODirectory | OCloExec, 0);
        if (fd < 0)
        {
            throw Errno.Last("open folder for fsync");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw Errno.Last("fsync folder");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// The upload's file for a receive straight from the socket (splice, or a copy from a client on
    /// this machine). Position is the stream's own, so that bytes written at it and
    /// then skipped over look to commit and abort exactly like bytes written through Content. A
    /// deferred file is created when the receive first asks for it.
    /// </summary>
    private sealed class ReceivableFile(LocalUploadHandle owner) : IReceivableFile
    {
        public SafeFileHandle File
        {
            get
            {
                _ = owner.File;
                return owner._handle!;
            }
        }

        public long Position
        {
            get => owner._file?.Position ?? 0;
            set => owner.File.Position = value;
        }

        public StorageException WriteFailed(int osError, string operation) => Errno.FromErrno(osError, operation);
    }
}
