using System.Net.Sockets;
using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// One raw keep-alive connection to a running Ferry's plain WebDAV port, signed in by one checked
/// `OPTIONS /` (200): what a client holds between requests, for tests of what the server does with it.
/// </summary>
internal sealed class DavKeepAlive : IDisposable
{
    private readonly TcpClient _tcp;

    private DavKeepAlive(TcpClient tcp)
    {
        _tcp = tcp;
        Stream = tcp.GetStream();
    }

    public NetworkStream Stream { get; }

    public static async Task<DavKeepAlive> OpenAsync(FerryServer server)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(server.Host, server.WebDavPort);
            var connection = new DavKeepAlive(tcp);
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(server.Credentials));
            await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes($"OPTIONS / HTTP/1.1\r\nHost: {server.Host}\r\nAuthorization: Basic {basic}\r\n\r\n"));
            var buffer = new byte[4096];
            var read = await connection.Stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
            return connection;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Whether the server ends the connection (an end of stream or a reset) before <paramref name="wait"/> is over.</summary>
    public async Task<bool> ClosedByServerWithinAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[4096];
        try
        {
            return await Stream.ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _tcp.Dispose();
}
