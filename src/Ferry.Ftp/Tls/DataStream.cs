using System.Buffers;
using Ferry.Core.Net;
using Ferry.Ftp.Data;

namespace Ferry.Ftp.Tls;

/// <summary>
/// What SslStream runs over on a data connection. During the handshake it passes everything
/// through and keeps a copy of the first bytes read (the ClientHello, so that the server can see
/// which versions the client offers). Afterwards it reads ahead in large reads where SslStream
/// would ask for 8 KiB at a time (one system call per <see cref="BufferSize"/> instead of one per
/// record or less), and gathers small writes (a listing's short records, the closing alert) into
/// large ones. Full records go out as SslStream hands them over, unless the server's processor is
/// contended (see <see cref="DirectWriteBytes"/>). Each buffer is taken when first needed, so a bulk
/// download on a quiet server holds no buffer here and an upload only the read buffer.
/// </summary>
/// <param name="chunks">The connection's chunked receive, if it has one: a large upload's read-ahead goes through it.</param>
/// <param name="contention">Whether the sending threads wait for a processor; measured here when not given (tests give one).</param>
internal sealed class DataStream(Stream inner, IChunkedReceive? chunks = null, CpuContention? contention = null) : Stream
{
    /// <summary>16 records of 16 KiB: few system calls per megabyte, small enough per connection.</summary>
    internal const int BufferSize = 256 * 1024;

    /// <summary>
    /// A write this large holds at least one full record (SslStream hands over a download's records
    /// two at a time): while the server has a processor to itself it is sent at once, after anything
    /// gathered before it, as OpenSSL-based servers send each record. Gathering them into 256 KiB sends
    /// saved the server 8-20% of its CPU per GiB, but the receiver paid for it: curl spent 7% more CPU
    /// per GiB taking the same bytes from the large sends (the same system calls; where in the kernel
    /// is not pinned down), and as the bottleneck of a download it made the transfer 4-6% slower
    /// (docs/performance.md, "What each change bought"). While the sending threads wait for a processor
    /// (<see cref="CpuContention"/>), the server's CPU is the bottleneck instead, and full records are
    /// gathered too: with a busy loop on the server's processor a 1 GiB download cost the server 18-36%
    /// less CPU and ran 1.2-1.3 times as fast.
    /// </summary>
    internal const int DirectWriteBytes = 16 * 1024;

    /// <summary>
    /// Read ahead past this, an upload is received a chunk of half the buffer per wake-up
    /// (<see cref="IChunkedReceive"/>). Woken at each of its records, the server made curl, on the
    /// same machine, spend a quarter of its CPU waking it; a 1 GiB STOR over TLS then cost curl 1.12
    /// instead of 1.37 s of CPU per GiB and ran 1.26 times as fast (1.54 with curl's CPU shared).
    /// Below it, never: a small upload from a client that waits for our close_notify before it closes
    /// would wait for the bound of a chunk it never completes.
    /// </summary>
    internal const long ChunkedAfterBytes = 1024 * 1024;

    /// <summary>A ClientHello fits in one TLS record (16 KiB plus its 5-byte header).</summary>
    private const int MaxRecorded = (16 * 1024) + 5;

    private byte[]? _recorded = new byte[MaxRecorded];
    private int _recordedLength;
    private bool _handshakeDone;
    private byte[]? _writeBuffer;
    private int _buffered;
    private byte[]? _readBuffer;
    private int _readStart;
    private int _readEnd;
    private long _readTotal;
    private bool _abandoned;
    private CpuContention? _contention = contention;

    /// <summary>
    /// True once the peer's end of the stream (TCP FIN) was read. SslStream reads on past its peer's
    /// close_notify never (it ends there), so a true here when SslStream reports the end means the
    /// peer closed without close_notify: the data may have been cut short.
    /// </summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>The bytes read so far, up to one TLS record, while recording.</summary>
    public ReadOnlySpan<byte> Recorded => _recorded is null ? default : _recorded.AsSpan(0, _recordedLength);

    /// <summary>After the handshake: stop recording and start gathering writes.</summary>
    public void HandshakeDone()
    {
        _recorded = null;
        _handshakeDone = true;
    }

    /// <summary>
    /// The transfer ended without its proper end (aborted or broken): gathered bytes are dropped and later
    /// flushes send nothing. SslStream's dispose flushes its inner stream, and that flush would otherwise
    /// wait, with no way to cancel it, for a client that has stopped reading.
    /// </summary>
    public void Abandon()
    {
        _abandoned = true;
        _buffered = 0;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_handshakeDone && buffer.IsEmpty && _readStart < _readEnd)
        {
            // SslStream waits for data with a zero-byte read before it takes a buffer; data that
            // is already here must answer it at once, or the wait would be for bytes that may
            // never come (a client waiting for our close_notify sends nothing more).
            return 0;
        }

        if (_handshakeDone && !buffer.IsEmpty)
        {
            if (_readStart == _readEnd)
            {
                _readBuffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                _readStart = 0;
                _readEnd = await ReadInnerAsync(_readBuffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
                _readTotal += _readEnd;
                ReachedEnd |= _readEnd == 0;
            }

            var count = Math.Min(buffer.Length, _readEnd - _readStart);
            _readBuffer.AsSpan(_readStart, count).CopyTo(buffer.Span);
            _readStart += count;
            return count;
        }

        if (!_handshakeDone)
        {
            // The client's next handshake message may wait for TCP's ACK of its last one (GnuTLS
            // sends its ChangeCipherSpec, then holds its Finished under Nagle), and after our flight
            // Linux acknowledges only on its 40 ms timer: lftp's every FTPS transfer waited so.
            chunks?.AcknowledgePromptly();
        }

        var read = await ReadInnerAsync(buffer, cancellationToken).ConfigureAwait(false);
        ReachedEnd |= read == 0 && !buffer.IsEmpty;
        if (_recorded is not null && _recordedLength < _recorded.Length)
        {
            var kept = Math.Min(read, _recorded.Length - _recordedLength);
            buffer.Span[..kept].CopyTo(_recorded.AsSpan(_recordedLength));
            _recordedLength += kept;
        }

        return read;
    }

    /// <summary>
    /// A read of the connection: a chunk per wake-up once an upload is large (SslStream's zero-byte
    /// waits too, which would otherwise wait, with no bound, for a chunk that a client waiting for
    /// our close_notify never completes).
    /// </summary>
    private ValueTask<int> ReadInnerAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        chunks is not null && _readTotal >= ChunkedAfterBytes
            ? chunks.ReceiveChunkAsync(buffer, BufferSize / 2, cancellationToken)
            : inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_handshakeDone)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (buffer.Length >= DirectWriteBytes)
        {
            SampleContention(buffer.Length);

            // On a quiet server it goes as it comes; one larger than the gathering buffer always does.
            if (_contention is not { Contended: true } || buffer.Length > BufferSize)
            {
                await SendBufferedAsync(cancellationToken).ConfigureAwait(false);
                await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        _writeBuffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
        if (_buffered + buffer.Length > BufferSize)
        {
            await SendBufferedAsync(cancellationToken).ConfigureAwait(false);
        }

        // SslStream reuses its buffer once this returns: the bytes are copied, never referenced.
        buffer.Span.CopyTo(_writeBuffer.AsSpan(_buffered));
        _buffered += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_abandoned)
        {
            return;
        }

        await SendBufferedAsync(cancellationToken).ConfigureAwait(false);
        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Made on the first full record, so a listing's connection (short records only) never makes one.</summary>
    private void SampleContention(int bytes) => (_contention ??= new CpuContention()).CountSent(bytes);

    private async ValueTask SendBufferedAsync(CancellationToken cancellationToken)
    {
        if (_buffered > 0)
        {
            var count = _buffered;
            _buffered = 0;
            await inner.WriteAsync(_writeBuffer!.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the buffers; the inner stream belongs to the data connection.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_writeBuffer is { } write)
            {
                _writeBuffer = null;
                ArrayPool<byte>.Shared.Return(write);
            }

            if (_readBuffer is { } read)
            {
                _readBuffer = null;
                ArrayPool<byte>.Shared.Return(read);
            }
        }

        base.Dispose(disposing);
    }
}
