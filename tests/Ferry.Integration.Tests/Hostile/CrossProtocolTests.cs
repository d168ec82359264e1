using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// Cross-protocol attacks against the real process (ALPACA, HTTP to FTP): ALPN other than "ftp" is
/// refused on the implicit port and after AUTH TLS, and an HTTP request line on either port ends the
/// session before anything in the request's body runs. A well-behaved client is served afterwards.
/// </summary>
public sealed class CrossProtocolTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>The review's payload: an HTTP POST whose body is an FTP logon and a command.</summary>
    private const string HttpPost =
        "POST / HTTP/1.1\r\nHost: ferry\r\nContent-Type: text/plain\r\nContent-Length: 31\r\n\r\n" +
        "USER anonymous\r\nPASS a@b\r\nPWD\r\n";

    private readonly ITestOutputHelper _output;

    /// <summary>Served to anonymous, so that the payload's "USER anonymous" would log on if it ran.</summary>
    private readonly string _publicDir = Directory.CreateTempSubdirectory("ferry-it-pub-").FullName;

    public CrossProtocolTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => Directory.Delete(_publicDir, recursive: true);

    [Fact]
    public async Task The_implicit_port_refuses_alpn_http_and_h2_and_accepts_none_or_ftp()
    {
        await using var server = await StartAsync();

        foreach (var offered in new[] { new[] { "http/1.1" }, ["h2"], ["h2", "http/1.1"] })
        {
            using var tcp = await ConnectAsync(server.ImplicitPort);
            var error = await Assert.ThrowsAsync<AuthenticationException>(() => TlsAsync(tcp.GetStream(), offered));
            Assert.Contains("no application protocol", error.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        foreach (var offered in new[] { Array.Empty<string>(), ["ftp"], ["http/1.1", "ftp"] })
        {
            using var tcp = await ConnectAsync(server.ImplicitPort);
            await using var tls = await TlsAsync(tcp.GetStream(), offered);
            Assert.StartsWith("220", await Hostile.ReadLineAsync(tls));
        }
    }

    [Fact]
    public async Task Auth_tls_on_the_plain_port_refuses_alpn_http()
    {
        await using var server = await StartAsync();
        using var tcp = await ConnectAsync(server.Port);
        var stream = tcp.GetStream();
        Assert.StartsWith("220", await Hostile.ReadLineAsync(stream));
        await WriteAsync(stream, "AUTH TLS\r\n");
        Assert.StartsWith("234", await Hostile.ReadLineAsync(stream));

        await Assert.ThrowsAsync<AuthenticationException>(() => TlsAsync(stream, ["http/1.1"]));
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task An_http_post_on_the_plain_or_implicit_port_ends_the_session_before_its_body_runs()
    {
        await using var server = await StartAsync();

        using (var plain = await ConnectAsync(server.Port))
        {
            var stream = plain.GetStream();
            Assert.StartsWith("220", await Hostile.ReadLineAsync(stream));
            await WriteAsync(stream, HttpPost);
            Assert.Empty(await Hostile.LinesUntilClosedAsync(stream));
        }

        using (var implicitTcp = await ConnectAsync(server.ImplicitPort))
        {
            await using var tls = await TlsAsync(implicitTcp.GetStream(), []);
            Assert.StartsWith("220", await Hostile.ReadLineAsync(tls));
            await WriteAsync(tls, HttpPost);
            Assert.Empty(await Hostile.LinesUntilClosedAsync(tls));
        }

        await AssertStillServesAsync(server);
        // The console logger writes from a queue: the well-behaved logon's line comes after both sessions' lines.
        Assert.True(await server.WaitForOutputAsync($"{server.User} logged on", Bound), "the logon was not logged");
        Assert.Equal(2, CountOccurrences(server.Output, "HTTP request from"));
        Assert.Equal(2, CountOccurrences(server.Output, "closed: HTTP request, not FTP"));
        Assert.DoesNotContain("anonymous logged on", server.Output, StringComparison.Ordinal);
    }

    private Task<FerryServer> StartAsync() =>
        FerryServer.StartAsync(_output, new() { ImplicitTls = true, ExtraArguments = ["--anonymous", _publicDir] });

    private static async Task AssertStillServesAsync(FerryServer server)
    {
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("PWD", 257);
    }

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(Bound);
        await tcp.ConnectAsync("127.0.0.1", port, timeout.Token);
        return tcp;
    }

    /// <summary>A TLS client offering exactly <paramref name="protocols"/> in ALPN (nothing when empty); the self-signed certificate is trusted.</summary>
    private static async Task<SslStream> TlsAsync(Stream transport, string[] protocols)
    {
        var tls = new SslStream(transport, leaveInnerStreamOpen: true);
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    ApplicationProtocols = protocols.Length == 0 ? null : [.. protocols.Select(p => new SslApplicationProtocol(p))],
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                },
                timeout.Token);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    private static async Task WriteAsync(Stream stream, string text)
    {
        using var timeout = new CancellationTokenSource(Bound);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), timeout.Token);
        await stream.FlushAsync(timeout.Token);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
