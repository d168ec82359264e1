using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>
/// SO_RCVLOWAT for a large PUT body over plain HTTP: the kernel signals the socket readable once
/// <see cref="ChunkBytes"/> have arrived instead of at every burst of segments, so Kestrel's receive
/// loop wakes (a hop through the socket engine's thread and the thread pool) a few times per MiB
/// instead of about a dozen. FTP's STOR does the same (SocketDataConnection.WakeForChunks).
/// The low-water mark is a promise that that many bytes are still coming: it is set only while more
/// than <see cref="ChunkBytes"/> + <see cref="BufferedBytes"/> of the body are unread, only after a
/// round that arrived fast, and put back to 1 when the body is read (the connection's next request
/// must wake it at its first byte).
/// </summary>
internal sealed class BodyLowWater : IDisposable
{
    /// <summary>256 KiB: four of Kestrel's 64 KiB receive blocks per wake-up, half of a gathering round.</summary>
    public const int ChunkBytes = 256 * 1024;

    /// <summary>
    /// 4 MiB: more than Kestrel can hold of the body beyond what the reader was shown (its request
    /// buffer, MaxRequestBufferSize, 1 MiB by default, plus a receive block). A mark above what is
    /// still on its way would never be reached and the upload would hang, so the last part of a body
    /// always arrives without one.
    /// </summary>
    public const long BufferedBytes = 4L * 1024 * 1024;

    /// <summary>
    /// A round of <see cref="StreamCopy"/> (512 KiB) that took longer than this came from a slow
    /// client: waiting for a chunk would hide its progress from Kestrel's minimum data rate and from
    /// the session list, so the mark goes back to 1. 50 ms per 512 KiB is about 10 MB/s.
    /// </summary>
    public static readonly TimeSpan FastRound = TimeSpan.FromMilliseconds(50);

    private readonly Socket _socket;
    private readonly long _length;
    private int _mark = 1;

    private BodyLowWater(Socket socket, long length)
    {
        _socket = socket;
        _length = length;
    }

    /// <summary>
    /// A low-water mark for this request's body, or null: over TLS the socket carries records, not
    /// the body's bytes; a chunked body has no known end; a body too small to gain from it; a
    /// transport without a socket.
    /// </summary>
    public static BodyLowWater? For(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.IsHttps || http.Request.ContentLength is not { } length || length <= ChunkBytes + BufferedBytes)
        {
            return null;
        }

        return http.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket ? new BodyLowWater(socket, length) : null;
    }

    /// <summary>The mark for the next round, given how much of the body the reader was shown so far and how long the last round took.</summary>
    public static int MarkFor(long length, long delivered, TimeSpan took) =>
        took <= FastRound && length - delivered > ChunkBytes + BufferedBytes ? ChunkBytes : 1;

    /// <summary>After a round: <paramref name="delivered"/> bytes of the body were shown to the reader, the round took <paramref name="took"/>.</summary>
    public void AfterRound(long delivered, TimeSpan took) => Set(MarkFor(_length, delivered, took));

    public void Dispose() => Set(1);

    private void Set(int mark)
    {
        if (mark == _mark)
        {
            return;
        }

        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, mark);
            _mark = mark;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Not settable (or the connection is gone): a wake-up per burst, as without it.
        }
    }
}
