using System.Security.Authentication;
using Ferry.Configuration;
using Ferry.Ftp.Tls;

namespace Ferry.Tests;

public sealed class TlsSettingsTests
{
    private static TlsSettings Load(params (string Key, string Value)[] values) =>
        FerrySettings.Load(Configs.From(values)).Tls;

    [Fact]
    public void Defaults_offer_explicit_tls_with_a_self_signed_certificate_and_no_implicit_port()
    {
        var tls = Load();

        Assert.Equal(FtpTlsMode.Explicit, tls.Mode);
        Assert.Null(tls.CertificateFile);
        Assert.Null(tls.KeyFile);
        Assert.Null(tls.CertificatePassword);
        Assert.Equal(0, tls.ImplicitPort);
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, tls.Protocols);
        Assert.True(tls.AllowPlainAnonymous);
        Assert.False(tls.AllowUploadWithoutCloseNotify);
    }

    [Fact]
    public void Values_override_the_defaults_and_paths_become_full_paths()
    {
        var tls = Load(
            ("Tls:Mode", "required"),
            ("Tls:CertificateFile", "cert.pem"),
            ("Tls:KeyFile", "key.pem"),
            ("Tls:ImplicitPort", "990"),
            ("Tls:MinimumVersion", "1.3"),
            ("Tls:AllowPlainAnonymous", "false"),
            ("Tls:AllowUploadWithoutCloseNotify", "true"));

        Assert.Equal(FtpTlsMode.Required, tls.Mode);
        Assert.Equal(Path.GetFullPath("cert.pem"), tls.CertificateFile);
        Assert.Equal(Path.GetFullPath("key.pem"), tls.KeyFile);
        Assert.Equal(990, tls.ImplicitPort);
        Assert.Equal(SslProtocols.Tls13, tls.Protocols);
        Assert.False(tls.AllowPlainAnonymous);
        Assert.True(tls.AllowUploadWithoutCloseNotify);
    }

    [Theory]
    [InlineData("Tls:Mode", "Sometimes")]
    [InlineData("Tls:Mode", "1")]
    [InlineData("Tls:MinimumVersion", "1.1")]
    [InlineData("Tls:ImplicitPort", "70000")]
    [InlineData("Tls:ImplicitPort", "-1")]
    [InlineData("Tls:AllowPlainAnonymous", "maybe")]
    [InlineData("Tls:AllowUploadWithoutCloseNotify", "sometimes")]
    [InlineData("Tls:KeyFile", "key.pem")]
    public void Bad_value_throws_naming_the_key(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load((key, value)));
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void An_implicit_port_with_tls_disabled_is_refused_naming_both_keys()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(("Tls:Mode", "Disabled"), ("Tls:ImplicitPort", "990")));
        Assert.Contains("Tls:ImplicitPort", error.Message);
        Assert.Contains("Tls:Mode", error.Message);
    }
}
