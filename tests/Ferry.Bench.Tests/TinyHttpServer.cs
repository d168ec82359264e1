using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Bench.Tests;

/// <summary>
/// A loopback HTTP/1.1 server for the driver's tests: answers each GET with 200 and
/// <see cref="BodyBytes"/> bytes when the Basic credentials match, 401 otherwise.
/// </summary>
internal sealed class TinyHttpServer : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "s3cret";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly string _expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

    /// <param name="announceCloseAfter">Say "Connection: close" on this answer of a connection, then close.</param>
    /// <param name="dropAfterFirst">Close silently after the first answer (a server ending idle connections).</param>
    public TinyHttpServer(int bodyBytes = 4096, int? announceCloseAfter = null, bool dropAfterFirst = false)
    {
        BodyBytes = bodyBytes;
        AnnounceCloseAfter = announceCloseAfter;
        DropAfterFirst = dropAfterFirst;
        _listener.Start(1000);
        _accepting = AcceptAsync();
    }

    public int BodyBytes { get; }
    public int? AnnounceCloseAfter { get; }
    public bool DropAfterFirst { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public HttpTarget Target(string password = Password) => new(new IPEndPoint(IPAddress.Loopback, Port), User, password, Tls: false, "tiny");

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new byte[8192];
        var pending = new StringBuilder();
        try
        {
            for (var answered = 1; ; answered++)
            {
                string request;
                while (true)
                {
                    var text = pending.ToString();
                    var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end >= 0)
                    {
                        request = text[..end];
                        pending.Remove(0, end + 4);
                        break;
                    }

                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }

                var authorized = request.Contains($"\r\nAuthorization: {_expected}", StringComparison.Ordinal);
                var close = answered == AnnounceCloseAfter;
                var body = authorized ? new byte[BodyBytes] : "denied"u8.ToArray();
                var head = $"HTTP/1.1 {(authorized ? "200 OK" : "401 Unauthorized")}\r\nContent-Length: {body.Length}\r\n{(close ? "Connection: close\r\n" : "")}\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
                if (close || DropAfterFirst)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // The client went away or the test ended: nothing to serve.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
