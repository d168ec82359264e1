namespace Ferry.Core.Storage;

/// <summary>
/// An upload in progress. Nothing becomes final until <see cref="CommitAsync"/>; disposing without
/// commit is an abort.
/// </summary>
public interface IUploadHandle : IAsyncDisposable
{
    /// <summary>Where the client's bytes go.</summary>
    Stream Content { get; }

    /// <summary>
    /// The same opened file as a local file stream, for protocol code that moves the bytes into it
    /// through the kernel (splice) instead of <see cref="Content"/>; null when the backend is not
    /// local disk or the file cannot take positioned writes (an append). Writes go at
    /// <see cref="FileStream.Position"/> on; the caller moves Position past what it wrote. Commit
    /// and abort treat those bytes exactly as bytes written through <see cref="Content"/>.
    /// </summary>
    FileStream? LocalFile => null;

    /// <summary>Flushes to stable storage and makes the upload the file's content.</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends a broken upload. Over an existing file (<see cref="WriteMode.Replace"/>) the partial data
    /// is discarded and the old file stays; a new file, WriteAt and Append keep what arrived so that
    /// the client can resume.
    /// </summary>
    ValueTask AbortAsync();
}
