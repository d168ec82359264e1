using System.Buffers;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Net;

/// <summary>
/// Puts bytes and a range of a local file on a connected socket in one Socket.SendPacketsAsync: on
/// Linux the file's part goes by sendfile, never through the process's memory. One per connection
/// (it keeps the stream SendPacketsElement needs over the file being sent). Every protocol that sends
/// files from a storage's <see cref="Storage.ISendableFile"/> sends them here. Each send is corked
/// (<see cref="TcpCork"/>): the bytes before and the file's pages go out in full segments.
/// </summary>
/// <param name="continueOnCompletingThread">
/// Whether the caller's continuation may run on the thread that completed the send (a loop that goes
/// on sending, with no hop to another thread), or always on the pool (a caller that must not run
/// on the socket's completion).
/// </param>
public sealed class FileSocketSender(Socket socket, bool continueOnCompletingThread)
{
    private SafeFileHandle? _handle;
    private FileStream? _source;

    /// <summary>
    /// Sends <paramref name="before"/>, then <paramref name="count"/> bytes of <paramref name="file"/>
    /// from <paramref name="offset"/>. Returns the socket's result and the bytes it transferred; a file
    /// shorter than the range fails (.NET checks the length before it sends) or sends short.
    /// </summary>
    /// <param name="file">Opened for asynchronous I/O (what ISendableFile promises); the caller owns it and keeps it open until this returns.</param>
    /// <param name="endOfPacket">Marks the file's last element as the end of a packet (nothing more follows at once).</param>
    public async Task<(SocketError Error, long Sent)> SendAsync(ReadOnlySequence<byte> before, SafeFileHandle file, long offset, long count, bool endOfPacket)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);

        // A zero count in a SendPacketsElement means "to the end of the file", not nothing.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var elements = new List<SendPacketsElement>();
        foreach (var segment in before)
        {
            elements.Add(new SendPacketsElement(segment));
        }

        elements.AddRange(FileElements(Source(file), offset, count, endOfPacket));
        using var args = new SendPacketsCompletion(continueOnCompletingThread) { SendPacketsElements = [.. elements] };
        var corked = TcpCork.TrySet(socket, true);
        try
        {
            var error = socket.SendPacketsAsync(args) ? await args.Task.ConfigureAwait(false) : args.SocketError;
            return (error, args.BytesTransferred);
        }
        finally
        {
            if (corked)
            {
                // The last partial segment leaves now, not after the kernel's 200 ms.
                TcpCork.TrySet(socket, false);
            }
        }
    }

    /// <summary>A SendPacketsElement counts in int; larger ranges are cut into several elements.</summary>
    internal static SendPacketsElement[] FileElements(FileStream file, long offset, long count, bool endOfPacket, int maxChunk = int.MaxValue)
    {
        var elements = new SendPacketsElement[(int)((count + maxChunk - 1) / maxChunk)];
        for (var i = 0; i < elements.Length; i++)
        {
            var chunk = (int)Math.Min(count, maxChunk);
            elements[i] = new SendPacketsElement(file, offset, chunk, endOfPacket: endOfPacket && i == elements.Length - 1);
            offset += chunk;
            count -= chunk;
        }

        return elements;
    }

    /// <summary>
    /// SendPacketsElement takes a FileStream (opened for asynchronous I/O), not a handle: a stream
    /// over the caller's handle, made once per file and reused for each slice of it. It must never
    /// close that handle: the read handle that opened the file owns it and disposes it once the
    /// transfer ends. So the wrapper is never disposed, and its finalizer is suppressed (a
    /// finalised FileStream leaves its handle alone today, but nothing here should rest on that).
    /// Dropping it unreferenced is harmless: the handle stays reachable through its owner.
    /// </summary>
    private FileStream Source(SafeFileHandle file)
    {
        if (_source is { } source && ReferenceEquals(_handle, file))
        {
            return source;
        }

        var wrapper = new FileStream(file, FileAccess.Read, bufferSize: 0, isAsync: true);
        GC.SuppressFinalize(wrapper);
        _handle = file;
        _source = wrapper;
        return wrapper;
    }

    /// <summary>The event-based completion as a task; one per send.</summary>
    private sealed class SendPacketsCompletion(bool continueOnCompletingThread) : SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true)
    {
        private readonly TaskCompletionSource<SocketError> _completion =
            new(continueOnCompletingThread ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SocketError> Task => _completion.Task;

        protected override void OnCompleted(SocketAsyncEventArgs e) => _completion.TrySetResult(e.SocketError);
    }
}
