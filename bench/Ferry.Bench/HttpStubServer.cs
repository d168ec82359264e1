using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Bench;

/// <summary>
/// A do-nothing HTTP/1.1 server: every GET gets 200 and <c>size</c> zero bytes from memory, on a
/// keep-alive connection. It measures what the WebDAV crowd and idle-memory rows reach when the
/// server costs almost nothing: a .NET server that keeps per connection only its socket and one
/// asynchronous wait, with no buffer held between requests (the floor under any .NET design).
/// Loopback only, bounded life; no authentication (the driver's credentials are read past).
/// </summary>
public sealed class HttpStubServer(IPEndPoint endpoint, int bodySize, TimeSpan lifetime)
{
    /// <summary>
    /// The longest request head read: the driver's GETs are about 120 bytes, and a head this long
    /// is 431 like a real server's (Kestrel's limit is 32 KiB; the stub only needs the driver's).
    /// </summary>
    public const int MaxHead = 8 * 1024;

    private readonly byte[] _ok = Answer("200 OK", bodySize);
    private readonly byte[] _okHead = Head("200 OK", bodySize);
    private readonly byte[] _notAllowed = Answer("405 Method Not Allowed", 0, "Allow: GET, HEAD\r\nConnection: close\r\n");
    private readonly byte[] _tooLarge = Answer("431 Request Header Fields Too Large", 0, "Connection: close\r\n");
    private readonly Socket _listener = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var address = LoopbackAddress.Parse(args.String("host", "127.0.0.1"));
        var port = args.Int("port", 2299, 1, 65535);
        var seconds = args.Seconds("seconds", 600, 1, 86_400);
        // Up to 1 MiB: the rows it serves ask for 4 KiB files; the whole answer is kept in memory.
        var size = args.Int("size", 4096, 0, 1 << 20);
        args.RejectUnknown();
        // Each connection's steps on the socket thread that completed them, with one such thread per
        // two CPUs: Ferry's default on Linux (Performance:RunOnSocketThreads), and the fastest way .NET
        // serves many small requests (handed to the pool instead, the stub's crowd p99 was 1.4 times
        // as long). Read by .NET once, when the first socket is made: so before any.
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", Math.Max(1, Environment.ProcessorCount / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stub = new HttpStubServer(new IPEndPoint(address, port), size, TimeSpan.FromSeconds(seconds));
        var bound = stub.Listen();
        Console.Error.WriteLine($"http-stub: listening on {bound} for {seconds:0} s, {size} bytes per GET (pid {Environment.ProcessId})");
        await stub.ServeAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Binds and listens; returns the address (with the port the kernel chose for port 0).</summary>
    public IPEndPoint Listen()
    {
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(endpoint);
        // A burst of 2,000 clients must not overflow the queue (the kernel caps it at somaxconn).
        _listener.Listen(4096);
        return (IPEndPoint)_listener.LocalEndPoint!;
    }

    /// <summary>Accepts until the lifetime ends or <paramref name="stop"/> is cancelled, then closes every connection.</summary>
    public async Task ServeAsync(CancellationToken stop)
    {
        using var life = CancellationTokenSource.CreateLinkedTokenSource(stop);
        life.CancelAfter(lifetime);
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(life.Token).ConfigureAwait(false);
                connections.Add(ServeConnectionAsync(socket, life.Token));
                if (connections.Count > 1024)
                {
                    connections.RemoveAll(t => t.IsCompleted);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _listener.Dispose();
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task ServeConnectionAsync(Socket socket, CancellationToken life)
    {
        using var _ = socket;
        socket.NoDelay = true;
        byte[]? buffer = null;
        var held = 0;
        try
        {
            while (true)
            {
                if (held == 0)
                {
                    // Between requests: a zero-byte receive waits for the next one without a buffer,
                    // which is what makes an idle connection cost only the socket and this wait. No
                    // timer of its own (that would be memory per connection); the stub's lifetime
                    // bounds every wait.
                    ReturnBuffer(ref buffer);
                    await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, life).ConfigureAwait(false);
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(MaxHead);
                var (headLength, received) = await ReadHeadAsync(socket, buffer, held, life).ConfigureAwait(false);
                if (received == 0)
                {
                    return;
                }

                if (headLength < 0)
                {
                    await socket.SendAsync(_tooLarge, SocketFlags.None, life).ConfigureAwait(false);
                    await CloseGracefullyAsync(socket, buffer, life).ConfigureAwait(false);
                    return;
                }

                var request = Classify(buffer.AsSpan(0, headLength));
                await socket.SendAsync(request switch
                {
                    Request.Get => _ok,
                    Request.Head => _okHead,
                    _ => _notAllowed,
                }, SocketFlags.None, life).ConfigureAwait(false);
                if (request == Request.Other || HasConnectionClose(buffer.AsSpan(0, headLength)))
                {
                    await CloseGracefullyAsync(socket, buffer, life).ConfigureAwait(false);
                    return;
                }

                // A pipelining client's next request may already be here: keep its bytes.
                held = received - headLength;
                buffer.AsSpan(headLength, held).CopyTo(buffer);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the stub's life ended.
        }
        finally
        {
            ReturnBuffer(ref buffer);
        }
    }

    /// <summary>How long a closing connection's unread bytes are read and dropped (see <see cref="CloseGracefullyAsync"/>).</summary>
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Ends the output, then reads what the client still sends until it closes (bounded): closing a
    /// socket with unread bytes makes the kernel send a reset, which can destroy the answer before
    /// the client reads it.
    /// </summary>
    private static async Task CloseGracefullyAsync(Socket socket, byte[] buffer, CancellationToken life)
    {
        socket.Shutdown(SocketShutdown.Send);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(life);
        drain.CancelAfter(DrainTime);
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, drain.Token).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> holds a whole head (its length, blank line included) and
    /// how many bytes it holds in all; a length of -1 when none fits in the buffer, (0, 0) when the
    /// client closed first.
    /// </summary>
    private static async ValueTask<(int HeadLength, int Received)> ReadHeadAsync(Socket socket, byte[] buffer, int held, CancellationToken cancel)
    {
        while (true)
        {
            var end = buffer.AsSpan(0, held).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (end + 4, held);
            }

            if (held == buffer.Length)
            {
                return (-1, held);
            }

            var read = await socket.ReceiveAsync(buffer.AsMemory(held), SocketFlags.None, cancel).ConfigureAwait(false);
            if (read == 0)
            {
                return (0, 0);
            }

            held += read;
        }
    }

    private enum Request
    {
        Get,
        Head,
        Other,
    }

    private static Request Classify(ReadOnlySpan<byte> head) =>
        head.StartsWith("GET "u8) ? Request.Get : head.StartsWith("HEAD "u8) ? Request.Head : Request.Other;

    /// <summary>"Connection: close" in the head, or an HTTP/1.0 request line (which closes unless asked not to; the stub does not keep those).</summary>
    public static bool HasConnectionClose(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd < 0 || head[..lineEnd].EndsWith(" HTTP/1.0"u8))
        {
            return lineEnd >= 0;
        }

        // Byte by byte, no strings: the stub allocates nothing per request that it could avoid.
        for (var rest = head[(lineEnd + 2)..]; !rest.IsEmpty;)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && Ascii.EqualsIgnoreCase(Trimmed(line[..colon]), "Connection"u8)
                && Ascii.EqualsIgnoreCase(Trimmed(line[(colon + 1)..]), "close"u8))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> Trimmed(ReadOnlySpan<byte> span) => span[Ascii.Trim(span)];

    private static void ReturnBuffer(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    private static byte[] Head(string status, int length, string extra = "") =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: {length}\r\nContent-Type: application/octet-stream\r\n{extra}\r\n");

    private static byte[] Answer(string status, int length, string extra = "") => [.. Head(status, length, extra), .. new byte[length]];
}
