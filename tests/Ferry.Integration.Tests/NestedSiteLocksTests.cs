using Ferry.Core.Identity;

namespace Ferry.Integration.Tests;

/// <summary>
/// A virtual site whose root lies inside the server's root, as IIS installations often have it (the
/// default site at ftproot, a partner site at ftproot/partners): a WebDAV lock the server's account
/// takes on a file binds the site's account over FTP and WebDAV, since both reach one file.
/// </summary>
public sealed class NestedSiteLocksTests(ITestOutputHelper output)
{
    private const string Site = "partners.example.test";
    private const string Partner = "acme";
    private const string PartnerPassword = "password-of-acme";

    private const string LockBody =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>";

    private readonly ClientRunner _runner = new(output);

    [Fact]
    public async Task A_lock_taken_through_the_server_binds_writes_through_a_site_whose_root_lies_inside_it()
    {
        await using var server = FerryServer.Create(output);
        var partners = Directory.CreateDirectory(Path.Combine(server.RootDir, "partners")).FullName;
        File.WriteAllText(Path.Combine(partners, "order.csv"), "original\n");
        File.WriteAllText(Path.Combine(server.WorkingDir, "ferry.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            Sites = new[]
            {
                new
                {
                    Name = Site,
                    Root = partners,
                    Accounts = new[] { new { Name = Partner, PasswordHash = new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1_000 }).Hash(PartnerPassword), Home = "." } },
                },
            },
        }));
        await server.LaunchAsync();
        var local = Path.Combine(server.ClientDir, "order.csv");
        File.WriteAllText(local, "overwritten\n");

        var locked = await CurlAsync(server.Credentials, "-X", "LOCK", "-H", "Content-Type: application/xml", "--data-binary", LockBody, server.DavUrl("/partners/order.csv"));
        Assert.Contains("< HTTP/1.1 200", locked.Stderr);

        var ftp = await CurlAsync($"{Site}|{Partner}:{PartnerPassword}", "-T", local, server.Url("/order.csv"));
        Assert.False(ftp.Succeeded, ftp.Describe());
        Assert.Contains("< 450", ftp.Stderr);
        var port = server.WebDavPort;
        var put = await CurlAsync($"{Partner}:{PartnerPassword}", "-H", $"Host: {Site}:{port}", "-T", local, $"http://127.0.0.1:{port}/order.csv");
        Assert.Contains("< HTTP/1.1 423", put.Stderr);
        Assert.Equal("original\n", File.ReadAllText(Path.Combine(partners, "order.csv")));

        // The lock's owner still writes through it.
        var own = await CurlAsync(server.Credentials, "-T", local, server.Url("/partners/order.csv"));
        Assert.True(own.Succeeded, own.Describe());
        Assert.Equal("overwritten\n", File.ReadAllText(Path.Combine(partners, "order.csv")));
    }

    /// <summary>Bounded in time as everywhere else; without --fail, so that a refusal's status can be read.</summary>
    private Task<ClientResult> CurlAsync(string credentials, params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "-v", "--max-time", "30", "--user", credentials, .. arguments]);
}
