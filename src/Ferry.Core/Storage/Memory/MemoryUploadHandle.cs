namespace Ferry.Core.Storage.Memory;

/// <summary>
/// An upload into an <see cref="InMemoryStorage"/>: the bytes gather in a buffer and land once, at
/// commit or abort. Whether an abort keeps them (in place, for a resume) or drops them (an atomic
/// replace) is the storage's decision, made when the upload was opened.
/// </summary>
internal sealed class MemoryUploadHandle(Action<byte[], bool> land) : IUploadHandle
{
    private readonly MemoryStream _buffer = new();
    private int _finished;

    public Stream Content => _buffer;

    public ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _finished) != 0, this);
        Finish(committed: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask AbortAsync()
    {
        Finish(committed: false);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => AbortAsync();

    private void Finish(bool committed)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            land(_buffer.ToArray(), committed);
        }
    }
}
