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
    }

    /// <summary>The connection below, for what only it can tell (a TLS connection's close_notify).</summary>
    public IDataConnection Inner => _inner;

    public Stream Stream => _zlib;

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

    /// <summary>Passes bytes to the connection's stream until closed; then writes go nowhere.</summary>
    private sealed class Gate(Stream inner) : Stream
    {
        private bool _closed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Shut() => _closed = true;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _closed ? ValueTask.FromResult(0) : inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => _closed ? 0 : inner.Read(buffer, offset, count);

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
