using System.Net;
using Ferry.WebDav.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Tests;

public sealed class WebDavServerTests
{
    private readonly DavTestHost _host = new();

    [Fact]
    public async Task A_request_without_credentials_is_challenged_for_Basic()
    {
        var response = await _host.SendAsync("PROPFIND", "/", user: null);
        Assert.Equal(401, response.Status);
        Assert.StartsWith("Basic realm=\"Ferry\"", response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task A_wrong_password_is_challenged_again()
    {
        var response = await _host.SendAsync("PROPFIND", "/", password: "wrong");
        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task A_failed_logon_feeds_the_shared_ban_list()
    {
        var client = IPAddress.Parse("127.0.0.9");
        for (var i = 0; i < new Ferry.Core.Access.BanOptions().MaxFailuresPerAddress; i++)
        {
            await _host.SendAsync("GET", "/", client: client, password: "wrong");
        }

        Assert.True(_host.Access.Bans.IsBanned(client));
        Assert.Equal(403, (await _host.SendAsync("GET", "/", client: client)).Status);
    }

    [Fact]
    public async Task A_password_over_plain_HTTP_from_the_network_is_sent_to_HTTPS_and_never_checked()
    {
        var host = new DavTestHost(new WebDavOptions { HttpsPort = 8443 });
        DavResponse response = null!;
        for (var i = 0; i < new Ferry.Core.Access.BanOptions().MaxFailuresPerAddress; i++)
        {
            response = await host.SendAsync("GET", "/", client: IPAddress.Parse("192.0.2.7"), password: "wrong");
        }

        Assert.Equal(403, response.Status);
        Assert.Contains("https://127.0.0.1:8443/", response.Body);
        Assert.Empty(host.Access.Bans.CurrentBans());
    }

    [Theory]
    [InlineData("192.0.2.1", "https://192.0.2.1:8443/")]
    [InlineData("2001:db8::1", "https://[2001:db8::1]:8443/")]
    [InlineData("::ffff:192.0.2.1", "https://192.0.2.1:8443/")]
    public async Task A_request_without_Host_is_sent_to_HTTPS_at_the_address_it_reached(string local, string expected)
    {
        var host = new DavTestHost(new WebDavOptions { HttpsPort = 8443 });
        var response = await host.SendAsync("GET", "/", client: IPAddress.Parse("198.51.100.9"), hostHeader: new HostString(""), local: IPAddress.Parse(local));
        Assert.Equal(403, response.Status);
        Assert.Contains($"Use {expected} instead.", response.Body);
    }

    [Fact]
    public async Task With_HTTPS_off_the_plain_HTTP_refusal_sends_nobody_to_HTTPS()
    {
        var host = new DavTestHost(new WebDavOptions { HttpsPort = 0 });
        var response = await host.SendAsync("GET", "/", client: IPAddress.Parse("192.0.2.7"));
        Assert.Equal(403, response.Status);
        Assert.DoesNotContain("Use HTTPS", response.Body);
        Assert.Contains("serves no HTTPS", response.Body);
    }

    [Fact]
    public async Task Over_HTTPS_a_client_from_the_network_may_sign_in()
    {
        var response = await _host.SendAsync("FROB", "/", client: IPAddress.Parse("192.0.2.7"), https: true);
        Assert.Equal(501, response.Status);
    }

    [Fact]
    public async Task Plain_HTTP_from_the_network_is_accepted_when_configured()
    {
        var host = new DavTestHost(new WebDavOptions { PlainHttpLogon = PlainHttpLogon.Allowed });
        var response = await host.SendAsync("FROB", "/", client: IPAddress.Parse("192.0.2.7"));
        Assert.Equal(501, response.Status);
    }

    [Fact]
    public async Task When_TLS_is_required_plain_HTTP_is_refused_even_from_loopback()
    {
        var host = new DavTestHost(new WebDavOptions { PlainHttpLogon = PlainHttpLogon.Never, HttpsPort = 8443 });
        var response = await host.SendAsync("FROB", "/");
        Assert.Equal(403, response.Status);
        Assert.Equal(501, (await host.SendAsync("FROB", "/", https: true)).Status);
    }

    [Fact]
    public async Task An_unknown_method_gets_501_with_what_is_allowed()
    {
        var response = await _host.SendAsync("FROB", "/");
        Assert.Equal(501, response.Status);
        Assert.Contains("PROPFIND", response.Headers.Allow.ToString());
    }

    [Theory]
    [InlineData("/%2e%2e/etc/passwd")]
    [InlineData("/..%2f..%2fetc")]
    [InlineData("/a%00b")]
    public async Task A_path_trick_gets_400_before_any_logon(string target)
    {
        var response = await _host.SendAsync("GET", target, user: null);
        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task A_path_outside_the_prefix_gets_404()
    {
        var host = new DavTestHost(new WebDavOptions { Prefix = "/dav/" });
        var response = await host.SendAsync("GET", "/elsewhere");
        Assert.Equal(404, response.Status);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("dav", "/dav/")]
    [InlineData("/dav/files/", "/dav/files/")]
    [InlineData("/web-dav_2.0~x/", "/web-dav_2.0~x/")]
    public void A_prefix_is_normalised(string given, string expected)
    {
        Assert.Equal(expected, WebDavOptions.NormalizePrefix(given));
    }

    [Theory]
    [InlineData("/../x")]
    [InlineData("/a%2fb/")]
    [InlineData("/a?b/")]
    [InlineData("/my files/")]
    [InlineData("/données/")]
    [InlineData("/a<b>/")]
    [InlineData("/a&b/")]
    public void A_prefix_that_is_no_plain_path_is_refused(string given)
    {
        Assert.Throws<ArgumentException>(() => WebDavOptions.NormalizePrefix(given));
    }
}
