using System.IO.Compression;
using Ferry.Core.Storage;
using Ferry.Ftp.Data;
using Ferry.Ftp.Protocol;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Ftp.Transfers;

/// <summary>
/// MODE Z (draft-preston-ftpext-deflate): the data connection carries one zlib stream (RFC 1950)
/// per transfer. A download compresses what the copy writes, an upload inflates what the client
/// sent. One zlib state per transfer (about 256 KiB at most to compress, 40 KiB to inflate) and no
/// buffering of the file: memory stays bounded whatever the size. The kernel paths (sendfile,
/// splice) are never offered, since every byte must pass through zlib here.
/// </summary>
public sealed class DeflateDataConnection : IDataConnection
{
    private readonly IDataConnection _inner;
    private readonly Gate _gate;
    private readonly ZLibStream _zlib;
    private readonly Stream _stream;
    private bool _completed;

    /// <param name="upload">True: the client sends (inflate); false: the server sends (deflate at <paramref name="level"/>).</param>
    public DeflateDataConnection(IDataConnection inner, bool upload, int level)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _gate = new Gate(inner.Stream);
        _zlib = upload
            ? new ZLibStream(_gate, CompressionMode.Decompress, leaveOpen: true)
            : new ZLibStream(_gate, DeflateLevels.Options(level), leaveOpen: true);
        _stream = upload ? new CheckedInflate(_zlib, _gate) : _zlib;
    }

    /// <summary>The connection below, for what only it can tell (a TLS connection's close_notify).</summary>
    public IDataConnection Inner => _inner;

    public Stream Stream => _stream;

    public bool CanSendFile => false;

    public bool CanReceiveToFile => false;

    /// <summary>The connection a transfer runs over, below any MODE Z layer.</summary>
    public static IDataConnection Unwrap(IDataConnection connection) =>
        connection is DeflateDataConnection deflate ? deflate.Inner : connection;

    public ValueTask SendFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancellationToken) =>
        throw new NotSupportedException("MODE Z compresses every byte: nothing can go to the kernel as it is.");

    public ValueTask<long> ReceiveToFileAsync(IReceivableFile file, Action<long> progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException("MODE Z inflates every byte: nothing can go to the kernel as it is.");

    /// <summary>Ends the zlib stream (its last block and checksum), then the connection below.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (!_completed)
        {
            _completed = true;
            await _zlib.DisposeAsync().ConfigureAwait(false);
        }

        await _inner.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Frees the zlib state; the connection below belongs to the caller. After a transfer that did
    /// not complete, zlib's last bytes are dropped: writing them could wait, without any way to
    /// cancel, for a client that has stopped reading.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            _gate.Shut();
            await _zlib.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An upload's inflated bytes, with the end checked: zlib marks the end of its stream, and .NET's
    /// ZLibStream reports a stream cut short as a plain end. It reads the connection only while zlib
    /// needs input, so a connection that ended (after some bytes) where zlib still wanted more means
    /// the upload was cut: that is an IOException, a broken transfer, and nothing is kept. A client
    /// that sent no byte at all sent an empty file.
    /// </summary>
    private sealed class CheckedInflate(ZLibStream zlib, Gate gate) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await zlib.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0 && !buffer.IsEmpty && gate.ReachedEnd && gate.BytesRead > 0)
            {
                throw new IOException($"The MODE Z data ended after {gate.BytesRead} bytes, before the end of its zlib stream: the upload is incomplete.");
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Passes bytes to the connection's stream until closed; then writes go nowhere. Counts what it reads.</summary>
    private sealed class Gate(Stream inner) : Stream
    {
        private bool _closed;

        /// <summary>The connection's end was read.</summary>
        public bool ReachedEnd { get; private set; }

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Shut() => _closed = true;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_closed)
            {
                return 0;
            }

            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Count(read, buffer.Length);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_closed)
            {
                return 0;
            }

            var read = inner.Read(buffer, offset, count);
            Count(read, count);
            return read;
        }

        private void Count(int read, int asked)
        {
            BytesRead += read;
            ReachedEnd |= read == 0 && asked > 0;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _closed ? ValueTask.CompletedTask : inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!_closed)
            {
                inner.Write(buffer, offset, count);
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            _closed ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

        public override void Flush()
        {
            if (!_closed)
            {
                inner.Flush();
            }
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
