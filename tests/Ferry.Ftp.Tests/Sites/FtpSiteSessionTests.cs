using System.Collections.Immutable;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Ftp.Sites;
using Ferry.Ftp.Tests.Support;
using Ferry.Ftp.Tls;
using Ferry.Storage.Local;

namespace Ferry.Ftp.Tests.Sites;

/// <summary>
/// RFC 7151 HOST and IIS's USER site|name over in-memory pipes: a session that chooses a site logs on
/// with that site's accounts into that site's files and is greeted with its banner; the default site
/// keeps the server's.
/// </summary>
public sealed class FtpSiteSessionTests : IDisposable
{
    private const string SiteName = "ftp.example.com";
    private const string SiteUser = "bob";
    private const string SitePassword = "site-pw";
    private const string SiteBanner = "Welcome to example.com's files.";

    private readonly string _siteRoot = Directory.CreateTempSubdirectory("ferry-site-test-").FullName;
    private readonly List<IDisposable> _storages = [];

    public FtpSiteSessionTests() => File.WriteAllText(Path.Combine(_siteRoot, "site-file.txt"), "site");

    public void Dispose()
    {
        foreach (var storage in _storages)
        {
            storage.Dispose();
        }

        Directory.Delete(_siteRoot, recursive: true);
    }

    [Fact]
    public async Task Feat_lists_HOST()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        var reply = await server.CommandAsync("FEAT", 211);
        Assert.Contains(" HOST", reply.Lines);
    }

    [Fact]
    public async Task HOST_answers_220_with_the_sites_banner_and_logon_uses_its_accounts_and_files()
    {
        await using var server = Server();
        var greeting = await server.ExpectAsync(220);
        Assert.DoesNotContain(SiteBanner, greeting.Text);

        var reply = await server.CommandAsync($"HOST {SiteName.ToUpperInvariant()}", 220);
        Assert.Contains(SiteBanner, reply.Text);

        // The server's own account is not the site's.
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 530);

        await server.CommandAsync($"USER {SiteUser}", 331);
        await server.CommandAsync($"PASS {SitePassword}", 230);
        Assert.Equal(SiteName, server.Session.Registration.Site);
        var names = Encoding.UTF8.GetString(await server.DownloadAsync("NLST"));
        Assert.Contains("site-file.txt", names);
    }

    [Fact]
    public async Task A_sites_logon_gets_its_greeting_and_QUIT_its_exit_message_while_the_default_site_keeps_the_servers()
    {
        await using (var server = Server())
        {
            await server.ExpectAsync(220);
            await server.CommandAsync($"HOST {SiteName}", 220);
            await server.CommandAsync($"USER {SiteUser}", 331);
            var logon = await server.CommandAsync($"PASS {SitePassword}", 230);
            Assert.Equal([$"230-Files of {SiteName} for {SiteUser}.", $"230 User {SiteUser} logged in."], logon.Lines);
            Assert.Equal($"221 Leaving {SiteName}.", (await server.CommandAsync("QUIT", 221)).Text);
        }

        await using (var server = Server())
        {
            await server.ExpectAsync(220);
            await server.CommandAsync($"USER {FtpTestServer.User}", 331);
            Assert.Single((await server.CommandAsync($"PASS {FtpTestServer.Password}", 230)).Lines);
            Assert.Equal("221 Goodbye.", (await server.CommandAsync("QUIT", 221)).Text);
        }
    }

    [Fact]
    public async Task Without_HOST_the_default_site_serves_and_the_sites_accounts_do_not_log_on()
    {
        await using var server = Server();
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {SiteUser}", 331);
        await server.CommandAsync($"PASS {SitePassword}", 530);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
        Assert.Null(server.Session.Registration.Site);
        Assert.DoesNotContain("site-file.txt", Encoding.UTF8.GetString(await server.DownloadAsync("NLST")));
    }

    [Fact]
    public async Task An_unknown_host_gets_504_and_the_session_goes_on()
    {
        await using var server = Server();
        await server.ExpectAsync(220);
        var reply = await server.CommandAsync("HOST nowhere.example.net", 504);
        Assert.Contains("nowhere.example.net", reply.Text);
        await server.CommandAsync($"HOST {SiteName}", 220);
        await server.CommandAsync($"USER {SiteUser}", 331);
        await server.CommandAsync($"PASS {SitePassword}", 230);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task An_address_literal_names_the_default_site(string address)
    {
        await using var server = Server();
        await server.ExpectAsync(220);
        var reply = await server.CommandAsync($"HOST {address}", 220);
        Assert.DoesNotContain(SiteBanner, reply.Text);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
    }

    [Fact]
    public async Task A_server_without_sites_answers_any_HOST_with_its_own_banner()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);
        await server.CommandAsync("HOST ftp.anything.example", 220);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
    }

    [Fact]
    public async Task HOST_after_logon_gets_503_and_the_session_stays_as_it_was()
    {
        await using var server = Server();
        await server.LogOnAsync();
        await server.CommandAsync($"HOST {SiteName}", 503);
        Assert.Null(server.Session.Site);
        await server.CommandAsync("PWD", 257);
    }

    [Fact]
    public async Task HOST_after_USER_gets_503()
    {
        await using var server = Server();
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {SiteUser}", 331);
        await server.CommandAsync($"HOST {SiteName}", 503);
    }

    [Theory]
    [InlineData("HOST", 501)]
    [InlineData("HOST two words", 501)]
    public async Task A_malformed_HOST_gets_501(string line, int code)
    {
        await using var server = Server();
        await server.ExpectAsync(220);
        await server.CommandAsync(line, code);
    }

    [Fact]
    public async Task USER_site_bar_name_chooses_the_site_for_clients_that_cannot_send_HOST()
    {
        await using var server = Server();
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER {SiteName}|{SiteUser}", 331);
        await server.CommandAsync($"PASS {SitePassword}", 230);
        Assert.Equal(SiteName, server.Session.Site?.Name);
        Assert.Contains("site-file.txt", Encoding.UTF8.GetString(await server.DownloadAsync("NLST")));
    }

    [Fact]
    public async Task USER_with_an_unknown_site_gets_530()
    {
        await using var server = Server();
        await server.ExpectAsync(220);
        await server.CommandAsync($"USER nowhere.example.net|{SiteUser}", 530);
        await server.CommandAsync($"USER {FtpTestServer.User}", 331);
        await server.CommandAsync($"PASS {FtpTestServer.Password}", 230);
    }

    [Fact]
    public async Task USER_cannot_name_another_site_than_HOST_chose()
    {
        await using var server = Server(extraSite: "other.example.com");
        await server.ExpectAsync(220);
        await server.CommandAsync($"HOST {SiteName}", 220);
        await server.CommandAsync($"USER other.example.com|{SiteUser}", 530);
        await server.CommandAsync($"USER {SiteName}|{SiteUser}", 331);
        await server.CommandAsync($"PASS {SitePassword}", 230);
    }

    [Fact]
    public async Task An_alias_chooses_the_site()
    {
        await using var server = Server();
        await server.ExpectAsync(220);
        await server.CommandAsync("HOST www.example.com.", 220);
        Assert.Equal(SiteName, server.Session.Site?.Name);
    }

    [Fact]
    public async Task The_same_account_name_on_two_sites_is_two_accounts_with_their_own_counts()
    {
        await using var server = Server();
        await server.ExpectAsync(220);
        await server.CommandAsync($"HOST {SiteName}", 220);
        await server.CommandAsync($"USER {SiteUser}", 331);
        await server.CommandAsync($"PASS {SitePassword}", 230);
        Assert.Equal(1, server.Access.Sessions.CountForAccount(SiteUser, SiteName));
        Assert.Equal(0, server.Access.Sessions.CountForAccount(SiteUser));

        // A reload acting on the default site's "bob" leaves the site's bob alone.
        Assert.Equal(0, await server.Access.EndSessionsOfAsync(SiteUser, "removed"));
        Assert.Equal(1, await server.Session.Access.EndSessionsOfAsync(SiteUser, "removed"));
    }

    [Fact]
    public async Task AUTH_TLS_after_HOST_presents_the_sites_certificate_whatever_the_server_name()
    {
        using var siteCertificate = Certificate("CN=ftp.example.com");
        await using var server = Server(tls: siteCertificate);
        await server.ExpectAsync(220);
        await server.CommandAsync($"HOST {SiteName}", 220);
        await server.CommandAsync("AUTH TLS", 234);
        var presented = await server.StartTlsAsync("localhost");
        Assert.Equal(siteCertificate.Thumbprint, new X509Certificate2(presented!).Thumbprint);
        await server.CommandAsync($"USER {SiteUser}", 331);
        await server.CommandAsync($"PASS {SitePassword}", 230);
    }

    [Fact]
    public async Task AUTH_TLS_without_HOST_chooses_the_site_by_its_server_name()
    {
        using var siteCertificate = Certificate("CN=ftp.example.com");
        await using var server = Server(tls: siteCertificate);
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH TLS", 234);
        var presented = await server.StartTlsAsync(SiteName);
        Assert.Equal(siteCertificate.Thumbprint, new X509Certificate2(presented!).Thumbprint);
        Assert.Equal(SiteName, server.Session.Site?.Name);
        await server.CommandAsync($"USER {SiteUser}", 331);
        await server.CommandAsync($"PASS {SitePassword}", 230);
    }

    [Fact]
    public async Task AUTH_TLS_with_another_server_name_presents_the_servers_certificate()
    {
        using var siteCertificate = Certificate("CN=ftp.example.com");
        await using var server = Server(tls: siteCertificate);
        await server.ExpectAsync(220);
        await server.CommandAsync("AUTH TLS", 234);
        var presented = await server.StartTlsAsync("localhost");
        Assert.Equal(TestCertificate.Value.Thumbprint, new X509Certificate2(presented!).Thumbprint);
        Assert.Null(server.Session.Site);
    }

    [Fact]
    public async Task On_the_implicit_port_the_server_name_chooses_the_site_and_its_banner()
    {
        await using var server = Server(serverName: SiteName, implicitTls: true);
        var greeting = await server.ExpectAsync(220);
        Assert.Contains(SiteBanner, greeting.Text);
        Assert.Equal(SiteName, server.Session.Site?.Name);
    }

    private FtpTestServer Server(X509Certificate2? tls = null, string? serverName = null, bool implicitTls = false, string? extraSite = null)
    {
        var options = new FtpOptions { DataConnectTimeout = TimeSpan.FromSeconds(5), Tls = TestCertificate.Options() };
        return new FtpTestServer(options, implicitTls: implicitTls, serverName: serverName, sites: (sessions, failures) =>
        {
            var sites = new List<FtpSite>
            {
                Site(SiteName, sessions, failures) with
                {
                    Aliases = ["www.example.com"],
                    Banner = SiteBanner,
                    Greeting = "Files of %SiteName% for %UserName%.",
                    ExitMessage = "Leaving %SiteName%.",
                    Tls = tls is null ? null : options.Tls with { Certificate = SslStreamCertificateContext.Create(tls, null, offline: true) },
                },
            };
            if (extraSite is not null)
            {
                sites.Add(Site(extraSite, sessions, failures));
            }

            return new FtpSites(sites);
        });
    }

    /// <summary>A site whose one account, bob, has the site's root as its home; its logons count on the server's registry and ban list.</summary>
    private FtpSite Site(string name, SessionRegistry sessions, FailureTracker failures)
    {
        var hasher = new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1_000 });
        var store = new InMemoryAccountStore([new Account(SiteUser, hasher.Hash(SitePassword), _siteRoot, Permissions.All, ImmutableArray<FolderPermission>.Empty)]);
        var login = new LoginPolicy(store, hasher, new LoginPolicyOptions { FailureDelay = TimeSpan.Zero }, failures, TimeProvider.System);
        var storage = new LocalStorage(_siteRoot, LocalStorageOptions.Default);
        _storages.Add(storage);
        return new FtpSite(name, new AccessService(login, sessions, _ => storage) { Site = name });
    }

    private static X509Certificate2 Certificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
