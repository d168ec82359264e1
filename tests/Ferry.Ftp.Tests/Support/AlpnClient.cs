using System.Net.Security;

namespace Ferry.Ftp.Tests.Support;

/// <summary>A TLS client that offers chosen ALPN protocols (none when empty) and trusts exactly the test certificate.</summary>
internal static class AlpnClient
{
    public static async Task<SslStream> ConnectAsync(Stream transport, params string[] protocols)
    {
        var ssl = new SslStream(transport, leaveInnerStreamOpen: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)); // A stuck handshake fails the test instead of hanging it.
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    ApplicationProtocols = protocols.Length == 0 ? null : [.. protocols.Select(p => new SslApplicationProtocol(p))],
                    RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == TestCertificate.Value.GetCertHashString(),
                },
                timeout.Token);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }
}
