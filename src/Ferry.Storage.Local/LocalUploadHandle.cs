using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;
using static Ferry.Storage.Local.LinuxNative;

namespace Ferry.Storage.Local;

/// <summary>
/// An upload to local disk. In place (new file, WriteAt, Append, CreateNew) the bytes land in the
/// file itself and an abort keeps them for a resume. Beside (Replace over an existing file) they go
/// to a temporary file in the same folder that commit renames over the target (rename(2) is atomic
/// within one file system) and abort deletes.
/// </summary>
internal sealed class LocalUploadHandle : IUploadHandle
{
    private readonly FileStream _file;
    private readonly ReceivableFile? _receivable;
    private readonly bool _flush;
    private readonly SafeFileHandle? _folder;
    private readonly string? _temporaryName;
    private readonly string? _targetName;
    private bool _finished;

    private LocalUploadHandle(FileStream file, SafeFileHandle handle, bool flush, SafeFileHandle? folder, string? temporaryName, string? targetName, bool append)
    {
        _file = file;

        // No receive facet for an append: the file is open with O_APPEND, which splice(2) refuses
        // (EINVAL), and clearing the flag would let a concurrent appender's bytes be overwritten.
        _receivable = append ? null : new ReceivableFile(file, handle);
        _flush = flush;
        _folder = folder;
        _temporaryName = temporaryName;
        _targetName = targetName;
        Content = new ErrorMappingStream(file);
    }

    public Stream Content { get; }

    /// <summary>An upload written straight into its file; <paramref name="append"/>: opened with O_APPEND.</summary>
    /// <param name="file">The stream over <paramref name="handle"/> (asking the stream for its handle would cost a seek).</param>
    public static LocalUploadHandle InPlace(FileStream file, SafeFileHandle handle, bool flush, bool append = false) =>
        new(file, handle, flush, null, null, null, append);

    /// <summary>An upload into <paramref name="temporaryName"/> that commit renames to <paramref name="targetName"/>; takes ownership of <paramref name="folder"/>.</summary>
    public static LocalUploadHandle Beside(FileStream file, SafeFileHandle handle, bool flush, SafeFileHandle folder, string temporaryName, string targetName) =>
        new(file, handle, flush, folder, temporaryName, targetName, append: false);

    public T? GetFacet<T>()
        where T : class => _receivable as T ?? this as T;

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (_flush)
            {
                _file.Flush(flushToDisk: true);
            }

            await _file.DisposeAsync().ConfigureAwait(false);
            if (_folder is not null)
            {
                var folderFd = (int)_folder.DangerousGetHandle();
                if (RenameAt(folderFd, _temporaryName!, folderFd, _targetName!) != 0)
                {
                    throw Errno.Last("renameat");
                }

                if (_flush)
                {
                    FlushFolder(folderFd);
                }
            }

            _finished = true;
            _folder?.Dispose();
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
        await _file.DisposeAsync().ConfigureAwait(false);
        if (_folder is not null)
        {
            // Best effort: a temp file left behind is invisible and removed at the next start-up.
            _ = UnlinkAt((int)_folder.DangerousGetHandle(), _temporaryName!, 0);
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
    /// The upload's file for splice. Position is the stream's own, so that bytes written at it and
    /// then skipped over look to commit and abort exactly like bytes written through Content.
    /// </summary>
    private sealed class ReceivableFile(FileStream stream, SafeFileHandle file) : IReceivableFile
    {
        public SafeFileHandle File => file;

        public long Position
        {
            get => stream.Position;
            set => stream.Position = value;
        }

        public StorageException WriteFailed(int osError, string operation) => Errno.FromErrno(osError, operation);
    }
}
