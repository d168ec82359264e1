using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ferry.Core.Identity;

namespace Ferry.Integration.Tests;

/// <summary>
/// Virtual FTP sites (RFC 7151 HOST) in a real process: two sites on one port with their own roots,
/// their own account "ann" (two passwords), banners and, for one, its own certificate; Python's ftplib
/// sends HOST, curl (which cannot) logs on as IIS's site|name, and TLS's server name chooses the site
/// on the implicit port.
/// </summary>
public sealed class SitesTests
{
    private const string SiteA = "a.example.test";
    private const string SiteB = "b.example.test";
    private const string SiteUser = "ann";
    private const string PasswordA = "password-of-ann-at-a";
    private const string PasswordB = "password-of-ann-at-b";

    /// <summary>A cheap hash: these tests are about sites, not hashing cost.</summary>
    private static readonly Pbkdf2PasswordHasher Hasher = new(new PasswordHashOptions { Iterations = 1_000 });

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public SitesTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task Ftplib_chooses_each_site_with_HOST_and_TLS_server_names_choose_certificates()
    {
        await using var sites = await SitesServer.StartAsync(_output);
        var result = await new PythonScript(_output).RunAsync(sites.Server, "sites.py", ipv6: false, active: false,
            "--implicit-port", sites.Server.ImplicitPort.ToString(),
            "--site-a", SiteA, "--site-b", SiteB, "--site-user", SiteUser,
            "--password-a", PasswordA, "--password-b", PasswordB,
            "--root-a", sites.RootA, "--root-b", sites.RootB, "--cert-a", sites.CertificateA);
        PythonScript.AssertPassed(result);
    }

    [Fact]
    public async Task Curl_logs_on_to_a_site_as_site_bar_name_and_sees_only_its_files()
    {
        await using var sites = await SitesServer.StartAsync(_output);
        var a = await CurlAsync(sites.Server, $"{SiteA}|{SiteUser}:{PasswordA}", sites.Server.Url("/"), "--list-only");
        Assert.True(a.Succeeded, a.Describe());
        Assert.Contains("a-only.txt", a.Stdout);
        Assert.DoesNotContain("b-only.txt", a.Stdout);

        var upload = Path.Combine(sites.Server.ClientDir, "to-b.txt");
        File.WriteAllText(upload, "for site B");
        var b = await CurlAsync(sites.Server, $"{SiteB}|{SiteUser}:{PasswordB}", "-T", upload, sites.Server.Url("/"));
        Assert.True(b.Succeeded, b.Describe());
        Assert.Equal("for site B", File.ReadAllText(Path.Combine(sites.RootB, "to-b.txt")));
        Assert.False(File.Exists(Path.Combine(sites.RootA, "to-b.txt")));

        // Another site's password, and a site that does not exist, are refused like a wrong password.
        var wrong = await CurlAsync(sites.Server, $"{SiteB}|{SiteUser}:{PasswordA}", sites.Server.Url("/"), "--list-only");
        Assert.Equal(67, wrong.ExitCode);
        var unknown = await CurlAsync(sites.Server, $"c.example.test|{SiteUser}:{PasswordA}", sites.Server.Url("/"), "--list-only");
        Assert.Equal(67, unknown.ExitCode);

        // The server's own account still logs on without a site.
        var own = await CurlAsync(sites.Server, $"{sites.Server.User}:{sites.Server.Password}", sites.Server.Url("/"), "--list-only");
        Assert.True(own.Succeeded, own.Describe());
        Assert.Contains("default-only.txt", own.Stdout);
    }

    [Fact]
    public async Task WebDAV_chooses_the_site_by_the_Host_header_and_its_certificate_by_the_server_name()
    {
        await using var sites = await SitesServer.StartAsync(_output);
        var port = sites.Server.WebDavPort;
        string[] propfind = ["-X", "PROPFIND", "-H", "Depth: 1"];

        // Plain HTTP from loopback: the Host header names the site.
        var a = await CurlAsync(sites.Server, $"{SiteUser}:{PasswordA}", [.. propfind, "-H", $"Host: {SiteA}:{port}", $"http://127.0.0.1:{port}/"]);
        Assert.True(a.Succeeded, a.Describe());
        Assert.Contains("a-only.txt", a.Stdout);
        Assert.DoesNotContain("b-only.txt", a.Stdout);
        var wrongSite = await CurlAsync(sites.Server, $"{SiteUser}:{PasswordA}", [.. propfind, "-H", $"Host: {SiteB}:{port}", $"http://127.0.0.1:{port}/"]);
        Assert.Contains("401", wrongSite.Stderr);
        var noSite = await CurlAsync(sites.Server, $"{SiteUser}:{PasswordA}", [.. propfind, $"http://127.0.0.1:{port}/"]);
        Assert.Contains("401", noSite.Stderr);

        // HTTPS: the server name chooses the certificate, the Host header (the same name) the site.
        var https = sites.Server.WebDavsPort;
        var b = await CurlAsync(sites.Server, $"{SiteUser}:{PasswordB}", [.. propfind, "-k", "--resolve", $"{SiteB}:{https}:127.0.0.1", $"https://{SiteB}:{https}/"]);
        Assert.True(b.Succeeded, b.Describe());
        Assert.Contains("b-only.txt", b.Stdout);
        var secure = await CurlAsync(sites.Server, $"{SiteUser}:{PasswordA}", [.. propfind, "-k", "--resolve", $"{SiteA}:{https}:127.0.0.1", $"https://{SiteA}:{https}/"]);
        Assert.True(secure.Succeeded, secure.Describe());
        Assert.Contains($"subject: CN={SiteA}", secure.Stderr);
    }

    [Fact]
    public async Task A_sites_certificate_that_does_not_load_stops_the_start_before_any_folder_or_account_is_made()
    {
        var work = Directory.CreateTempSubdirectory("ferry-it-sites-").FullName;
        try
        {
            var root = Path.Combine(work, "site-root");
            File.WriteAllText(Path.Combine(work, "damaged.pem"), "not a certificate");
            File.WriteAllText(Path.Combine(work, "ferry.json"), System.Text.Json.JsonSerializer.Serialize(new
            {
                Sites = new[] { new { Name = SiteA, Root = root, Tls = new { CertificateFile = Path.Combine(work, "damaged.pem") } } },
            }));

            var result = await new FerryCli(_output).RunAsync(work, null, "serve", "--create-missing", "--webdav-port", "0", "--webdavs-port", "0");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"Sites:0:Tls:CertificateFile: cannot load the certificate from '{Path.Combine(work, "damaged.pem")}'", result.Stderr);
            Assert.Contains($"(site {SiteA})", result.Stderr);
            Assert.False(Directory.Exists(root), "the site's root was created although its certificate did not load");
            Assert.False(File.Exists(Path.Combine(work, "ferry-data", "accounts.db")), "the account store was created although a certificate did not load");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>curl's exit code 67 is "login denied"; --fail and a bound in time as everywhere else.</summary>
    private Task<ClientResult> CurlAsync(FerryServer server, string credentials, params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "-v", "--fail", "--max-time", "30", "--user", credentials, .. arguments]);

    /// <summary>A server with the two sites in its ferry.json, their roots and site A's certificate.</summary>
    private sealed class SitesServer : IAsyncDisposable
    {
        private SitesServer(FerryServer server, string rootA, string rootB, string certificateA)
        {
            Server = server;
            RootA = rootA;
            RootB = rootB;
            CertificateA = certificateA;
        }

        public FerryServer Server { get; }

        public string RootA { get; }

        public string RootB { get; }

        /// <summary>SHA-256 of site A's certificate, upper-case hex.</summary>
        public string CertificateA { get; }

        public static async Task<SitesServer> StartAsync(ITestOutputHelper output)
        {
            var server = FerryServer.Create(output, new FerryServerOptions { ImplicitTls = true });
            var sites = Directory.CreateDirectory(Path.Combine(server.ClientDir, "..", "sites")).FullName;
            var rootA = Directory.CreateDirectory(Path.Combine(sites, "a")).FullName;
            var rootB = Directory.CreateDirectory(Path.Combine(sites, "b")).FullName;
            File.WriteAllText(Path.Combine(rootA, "a-only.txt"), "a");
            File.WriteAllText(Path.Combine(rootB, "b-only.txt"), "b");
            File.WriteAllText(Path.Combine(server.RootDir, "default-only.txt"), "default");
            var certificateFile = Path.Combine(sites, "a.pem");
            var keyFile = Path.Combine(sites, "a.key");
            var certificateA = WriteCertificate(certificateFile, keyFile, SiteA);
            var json = System.Text.Json.JsonSerializer.Serialize(new
            {
                Sites = new object[]
                {
                    new
                    {
                        Name = SiteA,
                        Root = rootA,
                        Banner = "Site A's files",
                        Accounts = new[] { new { Name = SiteUser, PasswordHash = Hasher.Hash(PasswordA), Home = "." } },
                        Tls = new { CertificateFile = certificateFile, KeyFile = keyFile },
                    },
                    new
                    {
                        Name = SiteB,
                        Root = rootB,
                        Banner = "Site B's files",
                        Accounts = new[] { new { Name = SiteUser, PasswordHash = Hasher.Hash(PasswordB), Home = "." } },
                    },
                },
            });
            File.WriteAllText(Path.Combine(server.WorkingDir, "ferry.json"), json);
            await server.LaunchAsync();
            return new SitesServer(server, rootA, rootB, certificateA);
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();

        private static string WriteCertificate(string certificateFile, string keyFile, string name)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
            File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
            return certificate.GetCertHashString(HashAlgorithmName.SHA256);
        }
    }
}
