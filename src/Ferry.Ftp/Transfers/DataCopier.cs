using System.Buffers;
using Ferry.Core.Net;
using Ferry.Core.Storage;
using Ferry.Ftp.Data;
using Ferry.Ftp.Session;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Ftp.Transfers;

/// <summary>
/// Moves file bytes over a data connection. Binary downloads of local files go through the kernel's
/// sendfile and binary uploads into local files through its splice; everything else through pooled
/// buffers. One stall timer per transfer: it is re-armed
/// whenever bytes move and cancels the transfer when none have for the stall timeout. It watches the
/// network only: while the file side works (a disk write, or a read or write that a bandwidth limit
/// holds back, which can take longer than the timeout at a low rate) it is disarmed.
/// </summary>
public sealed class DataCopier(TimeSpan stallTimeout, Action<long> progress)
{
    /// <summary>
    /// Buffer size for copies. 128 KiB keeps the per-transfer memory small while giving the socket
    /// and the disk large enough writes for full loopback speed.
    /// </summary>
    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// sendfile goes in slices so that progress (STAT) and the stall timer see movement; 4 MiB costs
    /// one system call per 4 MiB, nothing next to the copy itself.
    /// </summary>
    private const int SendFileSlice = 4 * 1024 * 1024;

    public async Task<long> SendAsync(IReadHandle file, IDataConnection connection, TransferType type, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            if (type == TransferType.Image && connection.CanSendFile && file.GetFacet<ISendableFile>() is { } local)
            {
                return await SendFileAsync(local.File, file.Offset, file.Length, connection, stall).ConfigureAwait(false);
            }

            // A small file (the size whose download runs on the command loop's socket thread) is read
            // in place, with positioned reads of the handle the storage opened: no stream set up around
            // it (a FileStream asks the kernel twice where the handle stands). A large one keeps its
            // stream (asynchronous on Linux, so a slow disk holds no socket thread).
            var length = file.Length - file.Offset;
            var readable = length <= SocketThreads.SmallSendBytes ? file.GetFacet<IReadableFile>() : null;
            return await CopyOutAsync(readable is null ? file.Content : null, readable, file.Offset, length, connection.Stream, type, stall).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransferStalledException(stallTimeout);
        }
    }

    /// <summary>Receives an upload: in the kernel when the connection and the file allow it, else through <see cref="IUploadHandle.Content"/>.</summary>
    public async Task<long> ReceiveAsync(IDataConnection connection, IUploadHandle upload, TransferType type, CancellationToken cancellationToken)
    {
        if (type == TransferType.Image && connection.CanReceiveToFile && upload.GetFacet<IReceivableFile>() is { } local)
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                var start = local.Position;
                stall.CancelAfter(stallTimeout);
                var received = await connection.ReceiveToFileAsync(local, moved =>
                {
                    stall.CancelAfter(stallTimeout);
                    progress(moved);
                }, stall.Token).ConfigureAwait(false);

                // splice wrote at explicit offsets; the facet's position follows, so that the handle
                // looks as if the bytes had come through its Content.
                local.Position = start + received;
                return received;
            }
            catch (NotSupportedException)
            {
                // Refused before a byte was consumed: the buffered copy below takes the whole upload.
            }
            catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TransferStalledException(stallTimeout);
            }
        }

        return await ReceiveAsync(connection.Stream, upload.Content, type, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> ReceiveAsync(Stream source, Stream destination, TransferType type, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var converted = type == TransferType.Ascii ? ArrayPool<byte>.Shared.Rent(BufferSize + 1) : null;
        var decoder = type == TransferType.Ascii ? new AsciiDecoder() : null;
        long total = 0;
        try
        {
            var ended = false;
            while (!ended)
            {
                // Fill the buffer before writing: a TLS stream returns one 16 KiB record per read,
                // and as many small writes would cost the disk path eight times the system calls.
                // The stall timer is re-armed per read, so a slow client is not taken for a stalled one.
                var filled = 0;
                while (filled < BufferSize)
                {
                    stall.CancelAfter(stallTimeout);
                    var read = await source.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), stall.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        ended = true;
                        break;
                    }

                    filled += read;
                    total += read;
                    progress(read);
                }

                if (filled == 0)
                {
                    continue;
                }

                // The file side may be held back by a bandwidth limit: not the client's stall.
                stall.CancelAfter(Timeout.InfiniteTimeSpan);

                if (decoder is null)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var n = decoder.Decode(buffer.AsSpan(0, filled), converted);
                    await destination.WriteAsync(converted.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }
            }

            if (decoder is not null)
            {
                var n = decoder.Flush(converted);
                await destination.WriteAsync(converted.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }

            return total;
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransferStalledException(stallTimeout);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (converted is not null)
            {
                ArrayPool<byte>.Shared.Return(converted);
            }
        }
    }

    private async Task<long> SendFileAsync(SafeFileHandle file, long offset, long length, IDataConnection connection, CancellationTokenSource stall)
    {
        var position = offset;
        while (position < length)
        {
            // The file may shrink while it is sent (another session resumes an upload into it, which
            // cuts it at the restart point first): send what is there, as the buffered copy does.
            var available = RandomAccess.GetLength(file) - position;
            if (available <= 0)
            {
                break;
            }

            var slice = (int)Math.Min(Math.Min(SendFileSlice, length - position), available);
            stall.CancelAfter(stallTimeout);
            await connection.SendFileAsync(file, position, slice, stall.Token).ConfigureAwait(false);
            position += slice;
            progress(slice);
        }

        return position - offset;
    }

    /// <summary>
    /// Copies the <paramref name="length"/> bytes the file had when it was opened (the size the 150
    /// reply announced, as sendfile sends), and so needs no extra read to find the end. Reads from
    /// <paramref name="readable"/> at <paramref name="offset"/> on when given, else from <paramref name="source"/>.
    /// </summary>
    private async Task<long> CopyOutAsync(Stream? source, IReadableFile? readable, long offset, long length, Stream destination, TransferType type, CancellationTokenSource stall)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var encoder = type == TransferType.Ascii ? new AsciiEncoder() : null;
        var converted = encoder is null ? null : ArrayPool<byte>.Shared.Rent(AsciiEncoder.MaxOutput(BufferSize));
        long total = 0;
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                // The file side may be held back by a bandwidth limit: not the client's stall.
                stall.CancelAfter(Timeout.InfiniteTimeSpan);
                var want = (int)Math.Min(BufferSize, remaining);
                var read = readable is not null ? readable.Read(buffer.AsSpan(0, want), offset + length - remaining)
                    : await source!.ReadAsync(buffer.AsMemory(0, want), stall.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return total; // shrunk since it was opened
                }

                remaining -= read;

                var output = buffer.AsMemory(0, read);
                if (encoder is not null)
                {
                    output = converted.AsMemory(0, encoder.Encode(buffer.AsSpan(0, read), converted));
                }

                stall.CancelAfter(stallTimeout);
                await destination.WriteAsync(output, stall.Token).ConfigureAwait(false);
                total += output.Length;
                progress(output.Length);
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (converted is not null)
            {
                ArrayPool<byte>.Shared.Return(converted);
            }
        }
    }
}
