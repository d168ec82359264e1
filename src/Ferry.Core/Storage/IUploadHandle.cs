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
    /// An optional facet of this upload (e.g. <see cref="IReceivableFile"/>), or null when the
    /// backend cannot offer it here. Callers must work without any facet.
    /// </summary>
    T? GetFacet<T>()
        where T : class => this as T;

    /// <summary>Flushes to stable storage and makes the upload the file's content.</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends a broken upload. Over an existing file (<see cref="WriteMode.Replace"/>) the partial data
    /// is discarded and the old file stays; a new file, WriteAt and Append keep what arrived so that
    /// the client can resume.
    /// </summary>
    ValueTask AbortAsync();
}
