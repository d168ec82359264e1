using Ferry.Configuration;
using Ferry.WebDav;

namespace Ferry.Tests;

public sealed class WebDavSettingsTests
{
    private static WebDavSettings Load(params (string Key, string Value)[] values) =>
        FerrySettings.Load(Configs.From(values)).WebDav;

    [Fact]
    public void Defaults_serve_HTTPS_on_8443_and_HTTP_on_8080_at_the_root_with_plain_passwords_from_loopback_only()
    {
        var dav = Load();

        Assert.Equal(8080, dav.HttpPort);
        Assert.Equal(8443, dav.HttpsPort);
        Assert.Equal("/", dav.Options.Prefix);
        Assert.False(dav.Options.AllowInfiniteDepth);
        Assert.Equal(PlainHttpLogon.LoopbackOnly, dav.Options.PlainHttpLogon);
        Assert.Equal(8443, dav.Options.HttpsPort);
        Assert.Equal(TimeSpan.FromSeconds(120), dav.KeepAlive);
    }

    [Fact]
    public void Values_override_the_defaults()
    {
        var dav = Load(
            ("WebDav:HttpPort", "0"),
            ("WebDav:HttpsPort", "443"),
            ("WebDav:Prefix", "dav"),
            ("WebDav:AllowInfiniteDepth", "true"),
            ("WebDav:PlainHttpLogon", "allowed"),
            ("WebDav:KeepAliveSeconds", "15"));

        Assert.Equal(0, dav.HttpPort);
        Assert.Equal(443, dav.HttpsPort);
        Assert.Equal("/dav/", dav.Options.Prefix);
        Assert.True(dav.Options.AllowInfiniteDepth);
        Assert.Equal(PlainHttpLogon.Allowed, dav.Options.PlainHttpLogon);
        Assert.Equal(TimeSpan.FromSeconds(15), dav.KeepAlive);
    }

    [Fact]
    public void Without_TLS_there_is_no_HTTPS_port()
    {
        var dav = Load(("Tls:Mode", "Disabled"));
        Assert.Equal(0, dav.HttpsPort);
        Assert.Equal(8080, dav.HttpPort);
    }

    [Fact]
    public void When_TLS_is_required_no_password_is_accepted_over_plain_HTTP()
    {
        Assert.Equal(PlainHttpLogon.Never, Load(("Tls:Mode", "Required"), ("WebDav:PlainHttpLogon", "Allowed")).Options.PlainHttpLogon);
    }

    [Theory]
    [InlineData("WebDav:HttpPort", "65536", "WebDav:HttpPort")]
    [InlineData("WebDav:HttpsPort", "-1", "WebDav:HttpsPort")]
    [InlineData("WebDav:Prefix", "/../x", "WebDav:Prefix")]
    [InlineData("WebDav:PlainHttpLogon", "sometimes", "WebDav:PlainHttpLogon")]
    [InlineData("WebDav:PlainHttpLogon", "1", "WebDav:PlainHttpLogon")]
    [InlineData("WebDav:AllowInfiniteDepth", "yes", "WebDav:AllowInfiniteDepth")]
    [InlineData("WebDav:KeepAliveSeconds", "0", "WebDav:KeepAliveSeconds must be a whole number from 1 to 3600")]
    [InlineData("WebDav:KeepAliveSeconds", "3601", "WebDav:KeepAliveSeconds")]
    [InlineData("WebDav:KeepAliveSeconds", "2m", "WebDav:KeepAliveSeconds")]
    public void A_bad_value_is_refused_naming_its_key(string key, string value, string named)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load((key, value)));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void One_port_for_both_is_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(("WebDav:HttpPort", "9000"), ("WebDav:HttpsPort", "9000")));
        Assert.Contains("different ports", error.Message);
    }
}
