using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends authenticated GETs and checks nothing itself: the
/// metrics decide what a right answer is. HttpClient would pool, retry and hide reconnects; here a
/// connection is exactly one socket, so "one keep-alive connection" and "N idle connections" hold.
/// </summary>
public sealed class HttpConnection : IDisposable
{
    private readonly HttpTarget _target;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly HttpResponseReader _responses;

    private HttpConnection(HttpTarget target, Socket socket, Stream stream)
    {
        _target = target;
        _socket = socket;
        _stream = stream;
        _responses = new HttpResponseReader(stream);
    }

    public string Stage { get; private set; } = "connect";

    /// <summary>Requests answered on this connection so far.</summary>
    public int Requests { get; private set; }

    public static async Task<HttpConnection> OpenAsync(HttpTarget target, CancellationToken cancel)
    {
        var socket = new Socket(target.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(target.Endpoint, cancel).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (target.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                    // A benchmark against self-signed loopback servers: no certificate identifies anything here.
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                }, cancel).ConfigureAwait(false);
            }

            return new HttpConnection(target, socket, stream);
        }
        catch
        {
            stream?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of an authenticated GET of <paramref name="path"/> (absolute, already percent-encoded).</summary>
    public static byte[] GetRequest(HttpTarget target, string path)
    {
        if (!path.StartsWith('/') || path.Any(c => c <= ' ' || c >= 0x7f))
        {
            throw new ArgumentException($"'{path}' is not an absolute, encoded request path", nameof(path));
        }

        return Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {target.HostHeader}\r\nAuthorization: {target.Authorization}\r\n\r\n");
    }

    public async Task<HttpResponse> GetAsync(string path, CancellationToken cancel)
    {
        // The method only: failures are counted by stage, and 200 clients ask for 200 different paths.
        Stage = "GET";
        await _stream.WriteAsync(GetRequest(_target, path), cancel).ConfigureAwait(false);
        var response = await _responses.ReadAsync(bodyless: false, cancel).ConfigureAwait(false);
        Requests++;
        return response;
    }

    /// <summary>
    /// True when the server has closed (or reset) this idle connection: readable with nothing to read.
    /// Only meaningful on plain connections; a TLS peer may have sent a record (a session ticket) that
    /// nobody read yet.
    /// </summary>
    public bool ClosedByPeer()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }
}
