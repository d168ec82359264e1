using System.Buffers;
using System.IO.Pipelines;
using Ferry.Core.Access;
using Ferry.Core.Net;
using Ferry.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>Moves file bodies between storage and HTTP a bounded piece at a time: never the whole file in memory.</summary>
internal static class StreamCopy
{
    /// <summary>
    /// 1 MiB: a read or write system call per MiB keeps a 1 GiB transfer at memory-copy speed (4 KiB,
    /// a Kestrel block, would cost 256 times more calls), and ArrayPool.Shared keeps arrays this size,
    /// so a busy server reuses them instead of allocating.
    /// </summary>
    public const int BufferBytes = 1024 * 1024;

    /// <summary>
    /// GET's copy: the file is read straight into the response's own buffers, one copy of every byte
    /// fewer than through a buffer of ours. A local file, small or large, is read with positioned reads
    /// on the very handle the storage opened and checked (a read from the page cache costs less than the
    /// hop to another thread that an asynchronous read is on Linux, and a small file needs no stream set
    /// up around it); any other storage through its stream.
    /// Returns how many bytes were sent, fewer than <paramref name="count"/> when the file ended
    /// first or the client went away, or when <paramref name="contention"/>, which counts what is sent,
    /// says contended (the caller sends the rest another way).
    /// </summary>
    public static async Task<long> SendAsync(IReadHandle from, HttpResponse to, long count, CancellationToken cancellationToken, TransferProgress? progress = null, CpuContention? contention = null)
    {
        // Headers first: until then Kestrel hands out memory of its own and copies it later.
        await to.StartAsync(cancellationToken).ConfigureAwait(false);
        var writer = to.BodyWriter;
        // The readable facet reads with the backend's own positioned read (the local storage's
        // pread, without the lseek RandomAccess makes first on a handle it did not open).
        var readable = from.GetFacet<IReadableFile>();
        var file = readable is null ? from.GetFacet<ISendableFile>()?.File : null;
        var copied = 0L;
        while (copied < count)
        {
            var want = (int)Math.Min(BufferBytes, count - copied);
            var memory = writer.GetMemory(want)[..want];
            var read = readable is not null ? readable.Read(memory.Span, from.Offset + copied)
                : file is not null ? RandomAccess.Read(file, memory.Span, from.Offset + copied)
                : await from.Content.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            writer.Advance(read);
            copied += read;
            progress?.Add(read);
            // A flush that waited for the client goes on with the next read on the pool, not on the socket thread.
            var flushed = await writer.FlushAsync(cancellationToken).ResumeOnPool().ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                break;
            }

            contention?.CountSent(read);
            if (contention is { Contended: true })
            {
                break;
            }
        }

        return copied;
    }

    /// <summary>
    /// PUT's copy: the body goes from Kestrel's receive buffers into the file (no copy through a
    /// buffer of ours) when the upload offers its local file, one gathering write per round of
    /// <see cref="GatherBytes"/> or more, or, with <paramref name="pieceBytes"/>, in writes of that
    /// size that start on a multiple of it in the file; otherwise through <see cref="CopyToEndAsync"/>.
    /// Each round is written on the thread that received it until a round's writes take longer than
    /// <see cref="SocketThreads.SlowWrite"/> (timed by <paramref name="clock"/>); then the rest on the
    /// pool. Written where the bytes arrived, a 1 GiB PUT over HTTP on a server pinned to one CPU cost
    /// 0.38 s of CPU against 0.55 s with every write handed to a pool thread (lighttpd, one thread for
    /// everything, 0.40 s), and ran 1.29 times as fast: the two threads took turns on the CPU (22,405
    /// context switches per GiB, lighttpd 10,711). Returns the count; a failed read is thrown as
    /// <see cref="RequestBodyException"/>.
    /// </summary>
    public static async Task<long> ReceiveToEndAsync(PipeReader from, IUploadHandle to, CancellationToken cancellationToken, TransferProgress? progress = null, int? pieceBytes = null, TimeProvider? clock = null)
    {
        if (to.GetFacet<IReceivableFile>() is not { } file)
        {
            return await CopyToEndAsync(from.AsStream(leaveOpen: true), to.Content, cancellationToken, progress).ConfigureAwait(false);
        }

        clock ??= TimeProvider.System;

        var pieces = new List<ReadOnlyMemory<byte>>();
        var copied = 0L;
        var writesOnPool = false;
        while (true)
        {
            ReadResult result;
            try
            {
                // Where the bytes arrived (the socket thread that received them, with inline completions),
                // until a write shows that this file's writes wait (SocketThreads.SlowWrite).
                var read = from.ReadAtLeastAsync(GatherBytes, cancellationToken);
                result = writesOnPool ? await read.ResumeOnPool().ConfigureAwait(false) : await read.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new RequestBodyException(e);
            }

            var buffer = result.Buffer;
            var position = file.Position;

            // In pieces: while more is coming, only up to a piece boundary of the file; the rest waits for the next round.
            var size = pieceBytes ?? 0;
            var end = position + buffer.Length;
            var writable = result.IsCompleted || size == 0 ? buffer.Length : Math.Max(0, end - (end % size) - position);
            var rest = buffer.Slice(0, writable);
            var started = clock.GetTimestamp();
            while (!rest.IsEmpty)
            {
                var piece = size == 0 ? rest : rest.Slice(0, Math.Min(rest.Length, size - (position % size)));
                Write(file, piece, position, pieces);
                position += piece.Length;
                rest = rest.Slice(piece.End);
            }

            writesOnPool |= clock.GetElapsedTime(started) > SocketThreads.SlowWrite;

            file.Position = position;
            copied += writable;
            if (writable > 0)
            {
                progress?.Add(writable);
            }

            from.AdvanceTo(buffer.GetPosition(writable), buffer.End);
            if (result.IsCompleted)
            {
                return copied;
            }

            if (result.IsCanceled)
            {
                // Not the end of the body: a cancelled read must never commit what arrived as the whole file.
                throw new RequestBodyException(new OperationCanceledException("The read of the request body was cancelled."));
            }
        }
    }

    /// <summary>One positioned write of <paramref name="piece"/> (gathering when it spans receive buffers).</summary>
    private static void Write(IReceivableFile file, ReadOnlySequence<byte> piece, long position, List<ReadOnlyMemory<byte>> pieces)
    {
        try
        {
            if (piece.IsSingleSegment)
            {
                RandomAccess.Write(file.File, piece.FirstSpan, position);
                return;
            }

            pieces.Clear();
            foreach (var segment in piece)
            {
                pieces.Add(segment);
            }

            RandomAccess.Write(file.File, pieces, position);
        }
        catch (IOException e)
        {
            // RandomAccess reports the system's error number as the HResult (errno on Linux, the only
            // system whose storage offers this facet); the storage says what it means (a full disk).
            throw file.WriteFailed(e.HResult, "pwrite");
        }
    }

    /// <summary>
    /// 512 KiB asked of the body reader per round: four writes per wake-up, and under Kestrel's 1 MiB
    /// per-connection request buffer (MaxRequestBufferSize), past which it stops reading the socket,
    /// so the wait can always be met.
    /// </summary>
    private const int GatherBytes = 512 * 1024;

    /// <summary>
    /// The write size for a body that arrives over TLS: 128 KiB, aligned in the file. Linux fills the
    /// page cache with folios as large as the write (ext4, kernel 6.x), and on the benchmark machine (a
    /// VM with free-page reporting) the copy into the largest ones often faulted on every page: 1 GiB
    /// in 512 KiB writes took 2.1 s of system time after a run of small writes (0.25 s after a run of
    /// large ones), in 32 KiB writes 0.4 s either way. A 1 GiB PUT over HTTPS had 54% of the server's
    /// samples there; in 128 KiB writes its server CPU fell from 2.98 to 2.06 s. Over plain HTTP the
    /// same pieces cost more than they saved (0.92-0.93x MB/s, 1.18x CPU): the body arrives at memory
    /// speed and the fewer, larger writes win, so it keeps one write per round.
    /// </summary>
    public const int TlsWriteBytes = 128 * 1024;

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
                        read = await from.ReadAsync(buffer.AsMemory(filled), cancellationToken).ResumeOnPool().ConfigureAwait(false);
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
