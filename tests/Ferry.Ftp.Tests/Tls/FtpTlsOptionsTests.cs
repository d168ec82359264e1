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
}
