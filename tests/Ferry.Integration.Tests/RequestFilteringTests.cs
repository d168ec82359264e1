using Ferry.Core.Identity;

namespace Ferry.Integration.Tests;

/// <summary>
/// Request filtering (the Filtering section, IIS's requestFiltering) met by real clients against the
/// real process: ftplib and curl over FTP, curl over WebDAV, a virtual site with rules of its own,
/// and a reload that reaches an open session.
/// </summary>
public sealed class RequestFilteringTests
{
    private const string Filtering = """ "Filtering": { "HiddenSegments": [ "private" ], "DenyExtensions": [ ".exe" ], "MaxFileBytes": "100KB" } """;

    private const string SiteName = "files.example.test";
    private const string SiteUser = "sam";
    private const string SitePassword = "site-pw";

    private static readonly Pbkdf2PasswordHasher Hasher = new(new PasswordHashOptions { Iterations = 1_000 });

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public RequestFilteringTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task Ftplib_sees_hidden_names_gone_refused_types_named_and_an_upload_over_the_size_cut_off_with_the_old_file_kept()
    {
        await using var server = await StartAsync(Filtering);

        var result = await new PythonScript(_output).RunAsync(server, "filtering.py", ipv6: false, active: false);

        PythonScript.AssertPassed(result);
    }

    [Fact]
    public async Task Curl_over_ftp_lists_no_hidden_name_and_gets_550_for_an_exe_upload_and_552_over_the_size()
    {
        await using var server = await StartAsync(Filtering);
        var exe = TestFiles.Write(server.ClientDir, "x.exe", [0x4D, 0x5A]);
        var big = TestFiles.Write(server.ClientDir, "big.bin", TestFiles.RandomBytes(300_000, seed: 12));

        var listing = await CurlAsync(server.Credentials, "--list-only", server.Url("/"));
        Assert.True(listing.Succeeded, listing.Describe());
        Assert.Contains("keep.bin", listing.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("private", listing.Stdout, StringComparison.Ordinal);

        var refused = await CurlAsync(server.Credentials, "-v", "-T", exe, server.Url("x.exe"));
        Assert.False(refused.Succeeded, refused.Describe());
        Assert.Contains("< 550 x.exe: files ending in .exe are not allowed here.", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.RootDir, "x.exe")), "the refused .exe was stored");

        var tooLarge = await CurlAsync(server.Credentials, "-v", "-T", big, server.Url("keep.bin"));
        Assert.False(tooLarge.Succeeded, tooLarge.Describe());
        Assert.Contains("< 552 keep.bin: files larger than 100000 bytes are not allowed here.", tooLarge.Stderr, StringComparison.Ordinal);
        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "keep.bin"), Keep);

        var hidden = await CurlAsync(server.Credentials, "-v", server.Url("private/secret.txt"));
        Assert.False(hidden.Succeeded, hidden.Describe());
        Assert.Contains("< 550 ", hidden.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_over_webdav_sees_404_for_hidden_names_403_for_an_exe_and_413_over_the_size_with_the_old_file_kept()
    {
        await using var server = await StartAsync(Filtering);
        var exe = TestFiles.Write(server.ClientDir, "x.exe", [0x4D, 0x5A]);
        var big = TestFiles.Write(server.ClientDir, "big.bin", TestFiles.RandomBytes(300_000, seed: 13));

        var listing = await CurlAsync(server.Credentials, "-X", "PROPFIND", "-H", "Depth: 1", server.DavUrl("/"));
        Assert.True(listing.Succeeded, listing.Describe());
        Assert.Contains("keep.bin", listing.Stdout, StringComparison.Ordinal);
        Assert.Contains("setup.exe", listing.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("private", listing.Stdout, StringComparison.OrdinalIgnoreCase);

        Assert.Equal("404", await StatusAsync(server, "-X", "GET", server.DavUrl("private/secret.txt")));
        Assert.Equal("404", await StatusAsync(server, "-X", "PROPFIND", "-H", "Depth: 0", server.DavUrl("Private/")));
        Assert.Equal("404", await StatusAsync(server, "-X", "MKCOL", server.DavUrl("private/")));
        Assert.Equal("404", await StatusAsync(server, "-T", exe, server.DavUrl("private")));
        Assert.Equal("404", await StatusAsync(server, "-X", "MOVE", "-H", $"Destination: {server.DavUrl("private/keep.bin")}", server.DavUrl("keep.bin")));
        Assert.Equal("404", await StatusAsync(server, "-X", "COPY", "-H", $"Destination: {server.DavUrl("PRIVATE")}", server.DavUrl("keep.bin")));

        var put = await CurlAsync(server.Credentials, "-w", "\n%{http_code}", "-T", exe, server.DavUrl("x.exe"));
        Assert.Equal("Files ending in .exe are not allowed here.\n\n403", put.Stdout);
        Assert.False(File.Exists(Path.Combine(server.RootDir, "x.exe")), "the refused .exe was stored");
        Assert.Equal("403", await StatusAsync(server, "-X", "GET", server.DavUrl("setup.exe")));
        Assert.Equal("403", await StatusAsync(server, "-X", "COPY", "-H", $"Destination: {server.DavUrl("copy.exe")}", server.DavUrl("keep.bin")));

        var tooLarge = await CurlAsync(server.Credentials, "-w", "\n%{http_code}", "-T", big, server.DavUrl("keep.bin"));
        Assert.Equal("Files larger than 100000 bytes are not allowed here.\n\n413", tooLarge.Stdout);

        // Without Content-Length (chunked), the body is stopped when it crosses the size.
        var chunked = await CurlAsync(server.Credentials, "-w", "\n%{http_code}", "-H", "Transfer-Encoding: chunked", "-T", big, server.DavUrl("keep.bin"));
        Assert.EndsWith("\n413", chunked.Stdout, StringComparison.Ordinal);
        var fresh = await CurlAsync(server.Credentials, "-w", "\n%{http_code}", "-H", "Transfer-Encoding: chunked", "-T", big, server.DavUrl("fresh.bin"));
        Assert.EndsWith("\n413", fresh.Stdout, StringComparison.Ordinal);

        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "keep.bin"), Keep);
        Assert.False(File.Exists(Path.Combine(server.RootDir, "fresh.bin")), "the new file cut short was left behind");
    }

    [Fact]
    public async Task A_sites_own_rules_replace_the_servers_and_a_reload_reaches_an_open_ftp_session()
    {
        var site = "";
        await using var server = await StartAsync(created =>
        {
            site = Directory.CreateDirectory(Path.Combine(created.ClientDir, "..", "site-root")).FullName;
            return Filtering + "," + SiteJson(site);
        });
        var exe = TestFiles.Write(server.ClientDir, "x.exe", [0x4D, 0x5A]);
        var txt = TestFiles.Write(server.ClientDir, "x.txt", "text"u8.ToArray());

        // The site refuses .txt and not .exe; the server's own files refuse .exe.
        var siteExe = await CurlAsync($"{SiteName}|{SiteUser}:{SitePassword}", "-T", exe, server.Url("x.exe"));
        Assert.True(siteExe.Succeeded, siteExe.Describe());
        var siteTxt = await CurlAsync($"{SiteName}|{SiteUser}:{SitePassword}", "-v", "-T", txt, server.Url("x.txt"));
        Assert.Contains("< 550 x.txt: files ending in .txt are not allowed here.", siteTxt.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(site, "x.exe")));
        Assert.False(File.Exists(Path.Combine(site, "x.txt")));

        await using var open = await RawFtpClient.LogOnAsync(server, server.User, server.Password);
        await open.ExpectCommandAsync("RNFR setup.exe", 350);
        Assert.StartsWith("550 setup.bin: files ending in .exe", (await open.ExpectCommandAsync("RNTO setup.bin", 550)).Text, StringComparison.Ordinal);
        Assert.StartsWith("550 ", (await open.ExpectCommandAsync("MDTM private/secret.txt", 550)).Text, StringComparison.Ordinal);

        WriteConfig(server, """ "Filtering": { "HiddenSegments": [ "other" ] } """);
        server.HangUp();
        Assert.True(await server.WaitForOutputAsync("Configuration reloaded (", TimeSpan.FromSeconds(20)), "no reload was logged");

        await open.ExpectCommandAsync("RNFR setup.exe", 350);
        await open.ExpectCommandAsync("RNTO setup.bin", 250);
        await open.ExpectCommandAsync("MDTM private/secret.txt", 213);
        Assert.True(File.Exists(Path.Combine(server.RootDir, "setup.bin")));
    }

    private static readonly byte[] Keep = TestFiles.RandomBytes(50_000, seed: 11);

    /// <summary>A site that refuses .txt files and nothing else (its own Filtering replaces the server's).</summary>
    private static string SiteJson(string root) => $$"""
        "Sites": [ { "Name": "{{SiteName}}", "Root": "{{root}}", "Filtering": { "DenyExtensions": [ "txt" ] },
                     "Accounts": [ { "Name": "{{SiteUser}}", "PasswordHash": "{{Hasher.Hash(SitePassword)}}", "Home": ".", "Permissions": "all" } ] } ]
        """;

    /// <summary>The server with <paramref name="keys"/> (given its folders) in its ferry.json, and in its root private/secret.txt, setup.exe and keep.bin.</summary>
    private Task<FerryServer> StartAsync(string keys) => StartAsync(_ => keys);

    private async Task<FerryServer> StartAsync(Func<FerryServer, string> keys)
    {
        var server = FerryServer.Create(_output);
        TestFiles.Write(server.RootDir, "private/secret.txt", "secret"u8.ToArray());
        TestFiles.Write(server.RootDir, "setup.exe", "MZ"u8.ToArray());
        TestFiles.Write(server.RootDir, "keep.bin", Keep);
        WriteConfig(server, keys(server));
        await server.LaunchAsync();
        return server;
    }

    /// <summary>ferry.json in the server's working folder, written whole and renamed as editors do (a watcher never reads half).</summary>
    private static void WriteConfig(FerryServer server, string keys)
    {
        var path = Path.Combine(server.WorkingDir, "ferry.json");
        File.WriteAllText(path + ".tmp", "{ " + keys + " }");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private async Task<string> StatusAsync(FerryServer server, params string[] arguments) =>
        (await CurlAsync(server.Credentials, ["-o", "/dev/null", "-w", "%{http_code}", .. arguments])).Stdout;

    /// <summary>curl as <paramref name="credentials"/>, bounded in time.</summary>
    private Task<ClientResult> CurlAsync(string credentials, params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "--max-time", "60", "-u", credentials, .. arguments]);
}
