using System.IO.Pipelines;

namespace Ferry.Ftp.Tls;

/// <summary>
/// A pipe pair as a Stream: the control connection's duplex pipe, so that an SslStream can run over
/// it after AUTH TLS (and, in tests, one end of an in-memory socket). Disposing it completes both.
/// </summary>
internal sealed class PipeTransportStream(PipeReader input, PipeWriter output) : Stream
{
    private readonly Stream _read = input.AsStream();
    private readonly Stream _write = output.AsStream();

    public PipeTransportStream(IDuplexPipe transport)
        : this(transport.Input, transport.Output)
    {
    }

    /// <summary>Runs before each asynchronous read (the control connection's TLS handshake sends its held-back ACK there).</summary>
    public Action? BeforeRead { get; set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => _write.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _write.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => _read.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BeforeRead?.Invoke();
        return _read.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override void Write(byte[] buffer, int offset, int count) => _write.Write(buffer, offset, count);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _write.WriteAsync(buffer, cancellationToken);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _write.WriteAsync(buffer, offset, count, cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Half-close: the other side reads the end of the stream while this side still reads.</summary>
    public void CompleteWriting() => output.Complete();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _read.Dispose();
            _write.Dispose();
        }

        base.Dispose(disposing);
    }
}
