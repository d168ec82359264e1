using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>
/// Passes bytes through to a file stream and turns its IOExceptions (ENOSPC mid-upload, EIO) into
/// <see cref="StorageException"/>, so protocol code that copies into or out of
/// <see cref="IUploadHandle.Content"/> or <see cref="IReadHandle.Content"/> sees neutral errors.
/// </summary>
/// <param name="translate">How an exception reads as a StorageException; the Linux storage's errno mapping by default.</param>
internal sealed class ErrorMappingStream(FileStream inner, Func<Exception, Exception>? translate = null) : Stream
{
    private readonly Func<Exception, Exception> _translate = translate ?? LocalErrors.Translate;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => Guard(() => inner.Length);

    public override long Position
    {
        get => Guard(() => inner.Position);
        set => Guard(() => inner.Position = value);
    }

    public override int Read(byte[] buffer, int offset, int count) => Guard(() => inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (_translate(e) is StorageException mapped)
        {
            throw mapped;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!inner.IsAsync)
            {
                // The caller is already on a thread-pool thread, and a read from the page cache takes
                // microseconds; a synchronous FileStream would hand it to another pool thread and back.
                cancellationToken.ThrowIfCancellationRequested();
                return inner.Read(buffer.Span);
            }

            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_translate(e) is StorageException mapped)
        {
            throw mapped;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception e) when (_translate(e) is StorageException mapped)
        {
            throw mapped;
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!inner.IsAsync)
            {
                // As for reads: a write into the page cache is cheaper than the hop to another pool thread.
                cancellationToken.ThrowIfCancellationRequested();
                inner.Write(buffer.Span);
                return;
            }

            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_translate(e) is StorageException mapped)
        {
            throw mapped;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => Guard(inner.Flush);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_translate(e) is StorageException mapped)
        {
            throw mapped;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => Guard(() => inner.Seek(offset, origin));

    public override void SetLength(long value) => Guard(() => inner.SetLength(value));

    // The owner (the read or upload handle) disposes the file stream: this wrapper never does,
    // so a protocol that disposes Content cannot close the file under a pending commit.
    protected override void Dispose(bool disposing) => base.Dispose(disposing);

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (_translate(e) is StorageException mapped)
        {
            throw mapped;
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (_translate(e) is StorageException mapped)
        {
            throw mapped;
        }
    }
}
