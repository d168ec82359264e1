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

    /// <summary>
    /// Flushes to stable storage and makes the upload the file's content. A <see cref="WriteMode.CreateWhole"/>
    /// upload whose name another client took meanwhile fails with Exists and stays open: the caller
    /// aborts it, or puts it over that file with <see cref="CommitReplacingAsync"/>.
    /// </summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Commits a <see cref="WriteMode.CreateWhole"/> upload in place of whatever file has its name
    /// now, in one step, as a <see cref="WriteMode.Replace"/> would (a folder there is IsADirectory):
    /// for a caller that learned from <see cref="CommitAsync"/> that the name was taken and decided
    /// that its upload replaces the newcomer. Unsupported for every other mode.
    /// </summary>
    ValueTask CommitReplacingAsync(CancellationToken cancellationToken) =>
        throw new StorageException(Files.FileError.Unsupported, "Only a CreateWhole upload can be committed over a file.");

    /// <summary>
    /// Ends a broken upload. Over an existing file (<see cref="WriteMode.Replace"/>) the partial data
    /// is discarded and the old file stays, and <see cref="WriteMode.CreateWhole"/> leaves nothing; a
    /// new file under Replace or CreateNew, WriteAt and Append keep what arrived so that the client
    /// can resume.
    /// </summary>
    ValueTask AbortAsync();
}
