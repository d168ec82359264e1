namespace Ferry.Core.Storage.Memory;

/// <summary>
/// An upload into an <see cref="InMemoryStorage"/>: the bytes gather in a buffer and land once, at
/// commit or abort. Whether an abort keeps them (in place, for a resume) or drops them (an atomic
/// replace) is the storage's decision, made when the upload was opened.
/// </summary>
/// <param name="land">Called once, at commit (true) or abort (false), unless <paramref name="place"/> commits.</param>
/// <param name="place">
/// A <see cref="WriteMode.CreateWhole"/> commit, given whether it may replace a file that took the
/// name; when it throws, the upload stays open (for <see cref="CommitReplacingAsync"/> or an abort).
/// </param>
internal sealed class MemoryUploadHandle(Action<byte[], bool> land, Action<byte[], bool>? place = null) : IUploadHandle
{
    private readonly MemoryStream _buffer = new();
    private int _finished;

    public Stream Content => _buffer;

    public ValueTask CommitAsync(CancellationToken cancellationToken) => CommitAsync(replace: false, cancellationToken);

    public ValueTask CommitReplacingAsync(CancellationToken cancellationToken) => place is null
        ? throw new StorageException(Files.FileError.Unsupported, "Only a CreateWhole upload can be committed over a file.")
        : CommitAsync(replace: true, cancellationToken);

    public ValueTask AbortAsync()
    {
        Finish(committed: false);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => AbortAsync();

    private ValueTask CommitAsync(bool replace, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _finished) != 0, this);
        if (place is null)
        {
            Finish(committed: true);
            return ValueTask.CompletedTask;
        }

        place(_buffer.ToArray(), replace);
        Volatile.Write(ref _finished, 1);
        return ValueTask.CompletedTask;
    }

    private void Finish(bool committed)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            land(_buffer.ToArray(), committed);
        }
    }
}
