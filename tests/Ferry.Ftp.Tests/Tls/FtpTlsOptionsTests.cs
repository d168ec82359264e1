using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using Ferry.Ftp.Tests.Support;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Tests.Tls;

public sealed class FtpTlsOptionsTests
{
    [Fact]
    public void Disabled_by_default_and_without_a_certificate()
    {
        Assert.False(FtpTlsOptions.Disabled.Enabled);
        Assert.False(new FtpTlsOptions { Mode = FtpTlsMode.Explicit }.Enabled);
        Assert.True(TestCertificate.Options().Enabled);
    }

    [Fact]
    public void Control_and_download_handshakes_offer_tls_1_2_and_1_3()
    {
        var options = TestCertificate.Options();

        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, options.ServerAuthentication().EnabledSslProtocols);
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, options.DataAuthentication(upload: false, clientOffersTls12: true).EnabledSslProtocols);
        Assert.Same(options.Certificate, options.ServerAuthentication().ServerCertificateContext);
        Assert.False(options.ServerAuthentication().ClientCertificateRequired);
    }

    [Fact]
    public void Upload_handshakes_choose_tls_1_2_when_both_sides_allow_it()
    {
        const SslProtocols both = SslProtocols.Tls12 | SslProtocols.Tls13;
        Assert.Equal(SslProtocols.Tls12, TestCertificate.Options().DataAuthentication(upload: true, clientOffersTls12: true).EnabledSslProtocols);
        Assert.Equal(both, TestCertificate.Options().DataAuthentication(upload: true, clientOffersTls12: false).EnabledSslProtocols);
        var tls13Only = TestCertificate.Options() with { Protocols = SslProtocols.Tls13 };
        Assert.Equal(SslProtocols.Tls13, tls13Only.DataAuthentication(upload: true, clientOffersTls12: true).EnabledSslProtocols);
    }

    [Fact]
    public void Every_handshake_accepts_the_ftp_application_protocol_only()
    {
        var options = TestCertificate.Options();

        Assert.Equal([new SslApplicationProtocol("ftp")], options.ServerAuthentication().ApplicationProtocols);
        Assert.Equal([new SslApplicationProtocol("ftp")], options.DataAuthentication(upload: true, clientOffersTls12: true).ApplicationProtocols);
        Assert.Equal([new SslApplicationProtocol("ftp")], options.DataAuthentication(upload: false, clientOffersTls12: true).ApplicationProtocols);
    }

    [Theory]
    [InlineData]
    [InlineData("ftp")]
    [InlineData("http/1.1", "ftp")]
    public async Task A_client_offering_no_alpn_or_ftp_is_accepted(params string[] offered)
    {
        var (server, client) = Pair();
        await using var serverTls = new SslStream(server);
        var accepting = serverTls.AuthenticateAsServerAsync(TestCertificate.Options().ServerAuthentication());

        await using var clientTls = await AlpnClient.ConnectAsync(client, offered);
        await accepting.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(offered.Length == 0 ? default : new SslApplicationProtocol("ftp"), clientTls.NegotiatedApplicationProtocol);
    }

    [Theory]
    [InlineData("http/1.1")]
    [InlineData("h2")]
    [InlineData("h2", "http/1.1")]
    [InlineData("smtp")]
    public async Task A_client_offering_only_other_protocols_gets_alert_120_no_application_protocol(params string[] offered)
    {
        var (server, client) = Pair();
        await using var serverTls = new SslStream(server);
        var accepting = serverTls.AuthenticateAsServerAsync(TestCertificate.Options().ServerAuthentication());

        var refused = await Assert.ThrowsAsync<AuthenticationException>(() => AlpnClient.ConnectAsync(client, offered));

        Assert.Contains("no application protocol", refused.ToString(), StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAnyAsync<Exception>(() => accepting.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    private static (PipeTransportStream Server, PipeTransportStream Client) Pair()
    {
        var toClient = new Pipe();
        var toServer = new Pipe();
        return (new PipeTransportStream(toServer.Reader, toClient.Writer), new PipeTransportStream(toClient.Reader, toServer.Writer));
    }
}
