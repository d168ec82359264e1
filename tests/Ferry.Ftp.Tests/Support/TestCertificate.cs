using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Tests.Support;

/// <summary>A self-signed ECDSA P-256 server certificate made once per test run, and a client that trusts exactly it.</summary>
internal static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> Certificate = new(Create);

    public static X509Certificate2 Value => Certificate.Value;

    public static FtpTlsOptions Options(FtpTlsMode mode = FtpTlsMode.Explicit) => new()
    {
        Mode = mode,
        Certificate = SslStreamCertificateContext.Create(Value, additionalCertificates: null, offline: true),
    };

    /// <summary>The client side of a handshake over <paramref name="transport"/>; the server must present the test certificate.</summary>
    public static async Task<SslStream> ConnectAsync(Stream transport, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13)
    {
        var ssl = new SslStream(transport, leaveInnerStreamOpen: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)); // A stuck handshake fails the test instead of hanging it.
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Value.GetCertHashString(),
            },
            timeout.Token);
        return ssl;
    }

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
