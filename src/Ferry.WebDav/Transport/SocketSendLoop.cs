using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Ferry.Core.Net;

namespace Ferry.WebDav.Transport;

/// <summary>
/// Drains the connection's output pipe onto the socket, in order, and sends each
/// <see cref="FileSlice"/> with the kernel (Socket.SendPacketsAsync over the file: sendfile on
/// Linux) at its place between the pipe's bytes. The only bytes that reach the wire are the pipe's
/// and the file's. A failed or short send stops everything: the writer is told
/// (<see cref="RegionWriter.Fail"/>), the connection is aborted, and nothing after the failure is
/// sent, so a client never takes a short or shifted body for a whole one.
/// </summary>
internal sealed class SocketSendLoop
{
    private readonly Socket _socket;
    private readonly PipeReader _reader;
    private readonly RegionWriter _writer;
    private readonly Action<Exception> _abort;
    private readonly List<ArraySegment<byte>> _gather = [];

    /// <summary>
    /// Sends the file slices. Its continuation runs where the send completed: on Linux a send that
    /// fits the socket's buffer completes inside SendPacketsAsync, so the loop goes on without a hop
    /// to another thread.
    /// </summary>
    private readonly FileSocketSender _files;

    /// <summary>Pipe bytes sent so far: compared with a slice's position.</summary>
    private long _sent;

    /// <param name="abort">Aborts the connection (Kestrel's ConnectionContext.Abort), so its reads end too.</param>
    public SocketSendLoop(Socket socket, PipeReader reader, RegionWriter writer, Action<Exception> abort)
    {
        _socket = socket;
        _reader = reader;
        _writer = writer;
        _abort = abort;
        _files = new FileSocketSender(socket, continueOnCompletingThread: true);
    }

    /// <summary>Runs until the writer completes and all is sent, or the first error; never throws.</summary>
    public async Task RunAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    buffer = await SendInOrderAsync(buffer).ConfigureAwait(false);
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    if (_writer.PeekSlice() is not null)
                    {
                        // Every advanced byte is readable once the writer completes, so a slice left
                        // over lies past the end: its bytes were never framed. Not sent.
                        throw new InvalidOperationException("A file slice lies past the end of the connection's output.");
                    }

                    break;
                }
            }
        }
        catch (Exception e)
        {
            error = e;
        }

        if (error is not null)
        {
            _writer.Fail(error);
            _abort(error);
        }

        // Completed without the error: Kestrel's later flushes then report the connection completed
        // (and it has been aborted) instead of throwing a send error into the request that wrote them.
        await _reader.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Sends the pipe's bytes and the slices that fall within them; returns what is left unsent (empty).</summary>
    private async ValueTask<ReadOnlySequence<byte>> SendInOrderAsync(ReadOnlySequence<byte> buffer)
    {
        // Bounded: each round sends a slice (dequeued) or the rest of the buffer and ends.
        while (true)
        {
            if (_writer.PeekSlice() is { } slice && slice.At - _sent <= buffer.Length)
            {
                var before = buffer.Slice(0, slice.At - _sent);
                await SendSliceAsync(before, slice).ConfigureAwait(false);
                _sent += before.Length;
                buffer = buffer.Slice(before.End);
                _writer.SliceSent(slice);
                continue;
            }

            if (!buffer.IsEmpty)
            {
                await SendAsync(buffer).ConfigureAwait(false);
                _sent += buffer.Length;
                buffer = buffer.Slice(buffer.End);
            }

            return buffer;
        }
    }

    /// <summary>Pipe bytes: one send of the single segment, or one gathering send of them all.</summary>
    private async ValueTask SendAsync(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            await _socket.SendAsync(buffer.First, SocketFlags.None).ConfigureAwait(false);
            return;
        }

        _gather.Clear();
        foreach (var segment in buffer)
        {
            if (!MemoryMarshal.TryGetArray(segment, out var array))
            {
                // Not array memory (a custom pool): one send per segment.
                foreach (var piece in buffer)
                {
                    await _socket.SendAsync(piece, SocketFlags.None).ConfigureAwait(false);
                }

                return;
            }

            _gather.Add(array);
        }

        await _socket.SendAsync(_gather, SocketFlags.None).ConfigureAwait(false);
    }

    /// <summary>
    /// The pipe's bytes before the slice and the slice itself in one SendPacketsAsync (the kernel
    /// sends the file part with sendfile). Anything but all of it sent is an error.
    /// </summary>
    private async ValueTask SendSliceAsync(ReadOnlySequence<byte> before, FileSlice slice)
    {
        var expected = before.Length + slice.Count;
        // A large file's sendfile reads the disk as it goes: on the pool, not on the socket thread
        // other connections share, from its first call to its last (the socket's own completions too).
        var large = slice.Count > SocketThreads.SmallSendBytes;
        if (large)
        {
            await SocketThreads.ToPool();
            SocketThreads.CompleteOnPool(_socket);
        }

        SocketError error;
        long sent;
        try
        {
            (error, sent) = await _files.SendAsync(before, slice.File, slice.Offset, slice.Count, endOfPacket: false).ConfigureAwait(false);
        }
        finally
        {
            if (large)
            {
                SocketThreads.CompleteInline(_socket);
            }
        }

        if (error != SocketError.Success)
        {
            // Also the file shorter than the slice: .NET checks the length before it sends.
            throw new IOException($"Sending a file's bytes failed: {error}.", new SocketException((int)error));
        }

        if (sent != expected)
        {
            throw new IOException($"The kernel sent {sent} of {expected} bytes: the file shrank while it was sent.");
        }
    }
}
