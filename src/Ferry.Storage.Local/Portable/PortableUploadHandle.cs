using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>
/// An upload through the portable storage, by path. In place (WriteAt, Append, CreateNew) the bytes
/// land in the file itself and an abort keeps them for a resume. Beside (Replace over an existing
/// file) they go to a temporary file in the same folder that commit puts over the target in one
/// step (<see cref="AtomicMove"/>) and abort deletes. A new file under Replace is created when the
/// first byte arrives (or at commit), so an upload that never gets data leaves nothing behind.
/// Whole (CreateWhole) is Beside for a new name: commit puts the temporary file there only while the
/// name is free (<see cref="AtomicMove.PlaceNew"/>), and a taken name keeps it for a replacing commit.
/// No facets: the kernel's splice path belongs to the Linux storage.
/// </summary>
internal sealed class PortableUploadHandle : IUploadHandle
{
    private readonly Func<FileStream>? _create;
    private readonly bool _flush;
    private readonly string? _temporaryPath;
    private readonly string? _targetPath;
    private readonly bool _whole;
    private FileStream? _file;
    private ErrorMappingStream? _content;
    private bool _finished;

    /// <summary>The bytes are flushed and the file closed: a second commit (replacing) only moves it.</summary>
    private bool _closed;

    private PortableUploadHandle(FileStream? file, Func<FileStream>? create, bool flush, string? temporaryPath, string? targetPath, bool whole = false)
    {
        _whole = whole;
        _file = file;
        _create = create;
        _flush = flush;
        _temporaryPath = temporaryPath;
        _targetPath = targetPath;
        Content = new DeferredUploadStream(() => _file, () => Opened);
    }

    public Stream Content { get; }

    public static PortableUploadHandle InPlace(FileStream file, bool flush) => new(file, null, flush, null, null);

    public static PortableUploadHandle Beside(FileStream file, bool flush, string temporaryPath, string targetPath) =>
        new(file, null, flush, temporaryPath, targetPath);

    public static PortableUploadHandle Whole(FileStream file, bool flush, string temporaryPath, string targetPath) =>
        new(file, null, flush, temporaryPath, targetPath, whole: true);

    public static PortableUploadHandle Deferred(Func<FileStream> create, bool flush) => new(null, create, flush, null, null);

    private FileStream File
    {
        get
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            return _file ??= _create!();
        }
    }

    private Stream Opened => _content ??= new ErrorMappingStream(File, PortableErrors.Translate);

    public ValueTask CommitAsync(CancellationToken cancellationToken) => CommitAsync(exclusive: _whole, cancellationToken);

    public ValueTask CommitReplacingAsync(CancellationToken cancellationToken) => _whole
        ? CommitAsync(exclusive: false, cancellationToken)
        : throw new StorageException(Core.Files.FileError.Unsupported, "Only a CreateWhole upload can be committed over a file.");

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
                    // fsync on Unix, FlushFileBuffers on Windows. The folder is not flushed: .NET has no
                    // portable way, and NTFS journals the rename itself.
                    file.Flush(flushToDisk: true);
                }

                await file.DisposeAsync().ConfigureAwait(false);
                _closed = true;
            }

            if (_temporaryPath is not null && exclusive)
            {
                AtomicMove.PlaceNew(_temporaryPath, _targetPath!);
            }
            else if (_temporaryPath is not null)
            {
                AtomicMove.Replace(_temporaryPath, _targetPath!);
            }

            _finished = true;
        }
        catch (StorageException e) when (exclusive && e.Error == Core.Files.FileError.Exists)
        {
            // The name was taken meanwhile: the caller decides between an abort and a replacing commit.
            throw;
        }
        catch (Exception e)
        {
            await AbortAsync().ConfigureAwait(false);
            throw PortableErrors.Translate(e);
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

        if (_temporaryPath is not null)
        {
            try
            {
                System.IO.File.Delete(_temporaryPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: a temporary file left behind is invisible and removed at the next start-up.
            }
        }
    }

    public ValueTask DisposeAsync() => AbortAsync();
}
