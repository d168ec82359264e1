using System.Buffers;
using Ferry.Core.Access;

namespace Ferry.WebDav.Methods;

/// <summary>Moves file bodies between a storage stream and HTTP with one pooled buffer: never the whole file in memory.</summary>
internal static class StreamCopy
{
    /// <summary>
    /// 1 MiB: a read or write system call per MiB keeps a 1 GiB transfer at memory-copy speed (4 KiB,
    /// a Kestrel block, would cost 256 times more calls), and ArrayPool.Shared keeps arrays this size,
    /// so a busy server reuses them instead of allocating.
    /// </summary>
    public const int BufferBytes = 1024 * 1024;

    /// <summary>
    /// Copies <paramref name="count"/> bytes; returns how many were copied, fewer only when
    /// <paramref name="from"/> ended first.
    /// </summary>
    public static async Task<long> CopyAsync(Stream from, Stream to, long count, CancellationToken cancellationToken, TransferProgress? progress = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var copied = 0L;
            while (copied < count)
            {
                var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count - copied)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                copied += read;
                progress?.Add(read);
            }

            return copied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Copies all of <paramref name="from"/> (a request body) and returns the count. The buffer is
    /// filled before each write, since a network read returns a few KiB at a time and every write
    /// to a file is a system call. A failed read is thrown as <see cref="RequestBodyException"/>, so
    /// that the client's fault (a body cut short) is told apart from the storage's.
    /// </summary>
    public static async Task<long> CopyToEndAsync(Stream from, Stream to, CancellationToken cancellationToken, TransferProgress? progress = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var copied = 0L;
            while (true)
            {
                var filled = 0;
                int read;
                do
                {
                    try
                    {
                        read = await from.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        throw new RequestBodyException(e);
                    }

                    filled += read;
                }
                while (read > 0 && filled < buffer.Length);

                if (filled > 0)
                {
                    await to.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                    copied += filled;
                    progress?.Add(filled);
                }

                if (read == 0)
                {
                    return copied;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>The request body could not be read to its end (the client sent less than it announced, or broke off).</summary>
internal sealed class RequestBodyException(Exception inner) : IOException("The request body ended early or could not be read.", inner);
