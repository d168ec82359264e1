namespace Ferry.Storage.Local;

/// <summary>
/// What the client's bytes are written to in an upload handle (both local storages): the file's
/// stream, made on first use, so a new file that receives no byte (a 0-byte STOR, an aborted upload)
/// is created only when the handle commits. Until then it reports an empty file at position 0.
/// </summary>
/// <param name="file">The file once it exists; null before the first write.</param>
/// <param name="opened">The file's stream (errors mapped), creating a deferred file first.</param>
internal sealed class DeferredUploadStream(Func<FileStream?> file, Func<Stream> opened) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => file()?.CanSeek ?? true;

    public override bool CanWrite => true;

    public override long Length => file() is null ? 0 : opened().Length;

    public override long Position
    {
        get => file() is null ? 0 : opened().Position;
        set => opened().Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => opened().Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => opened().Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty && file() is null ? ValueTask.CompletedTask : opened().WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        if (file() is not null)
        {
            opened().Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        file() is null ? Task.CompletedTask : opened().FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => opened().Seek(offset, origin);

    public override void SetLength(long value) => opened().SetLength(value);
}
