using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>The server's address rules and an account's policy over WebDAV: the same gate and file rules as FTP.</summary>
public sealed class WebDavPolicyTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("PROPFIND")]
    [InlineData("OPTIONS")]
    public async Task Every_request_from_an_address_the_server_refuses_gets_403_even_without_credentials(string method)
    {
        var host = new DavTestHost();
        host.Access.Addresses = new AddressRules { Deny = [IPNetwork.Parse("192.0.2.0/24")] };

        var refused = await host.SendAsync(method, "/", client: IPAddress.Parse("::ffff:192.0.2.5"), https: true, user: null);
        var admitted = await host.SendAsync(method, "/", client: IPAddress.Parse("198.51.100.5"), https: true, user: null);

        Assert.Equal(403, refused.Status);
        Assert.Contains("your address", refused.Body, StringComparison.Ordinal);
        Assert.Equal(401, admitted.Status);
    }

    [Fact]
    public async Task An_account_used_from_an_address_it_does_not_admit_gets_403_whatever_the_password()
    {
        var host = new DavTestHost(alicePolicy: new AccountPolicy { Addresses = new AddressRules { Allow = [IPNetwork.Parse("10.0.0.0/8")] } });

        var right = await host.SendAsync("PROPFIND", "/");
        var wrong = await host.SendAsync("PROPFIND", "/", password: "wrong");

        Assert.Equal(403, right.Status);
        Assert.Equal(right.ToString(), wrong.ToString());
        Assert.Contains("may not be used from your address", right.Body, StringComparison.Ordinal);
        Assert.Empty(host.Access.Bans.CurrentBans());
        Assert.Equal(207, (await host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "0")), client: IPAddress.Parse("10.2.3.4"), https: true)).Status);
    }

    [Fact]
    public async Task An_account_that_requires_tls_is_refused_over_plain_http_with_a_sentence_naming_https()
    {
        var host = new DavTestHost(new WebDavOptions { HttpsPort = 8443 }, alicePolicy: new AccountPolicy { Tls = new TlsPolicy(ControlChannelPolicy.Require) });
        await host.MakeFolderAsync("/bob");

        var plain = await host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "0")));
        var secure = await host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "0")), https: true);
        var bob = await host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "0")), user: DavTestHost.Bob);

        Assert.Equal(403, plain.Status);
        Assert.Contains("https://127.0.0.1:8443/", plain.Body, StringComparison.Ordinal);
        Assert.Equal(207, secure.Status);
        Assert.Equal(207, bob.Status);
    }

    [Fact]
    public async Task A_drop_box_puts_a_new_file_and_a_second_put_of_the_name_fails_its_precondition_keeping_the_first()
    {
        var host = new DavTestHost(alicePermissions: Permissions.Write, alicePolicy: new AccountPolicy { Overwrite = false });

        Assert.Equal(201, (await host.SendAsync("PUT", "/report.txt", body: "first")).Status);
        var again = await host.SendAsync("PUT", "/report.txt", body: "second");

        Assert.Equal(412, again.Status);
        Assert.Contains("never replace", again.Body, StringComparison.Ordinal);
        Assert.Equal("first", await host.ReadFileAsync("/report.txt"));
        Assert.Equal(403, (await host.SendAsync("GET", "/report.txt")).Status);
        Assert.Equal(403, (await host.SendAsync("DELETE", "/report.txt")).Status);
        Assert.Equal("first", await host.ReadFileAsync("/report.txt"));
    }

    [Fact]
    public async Task A_drop_box_move_never_replaces_what_is_at_the_destination()
    {
        var host = new DavTestHost(alicePolicy: new AccountPolicy { Overwrite = false });
        await host.PutFileAsync("/a.txt", "a");
        await host.PutFileAsync("/b.txt", "b");

        var moved = await host.SendAsync("MOVE", "/a.txt", headers: DavTestHost.Headers(("Destination", "http://127.0.0.1:8080/b.txt")));

        Assert.Equal(412, moved.Status);
        Assert.Equal("a", await host.ReadFileAsync("/a.txt"));
        Assert.Equal("b", await host.ReadFileAsync("/b.txt"));
    }
}
