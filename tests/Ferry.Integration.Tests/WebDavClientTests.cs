using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// Real WebDAV clients against the real process, over HTTP and HTTPS: curl per method, rclone's
/// WebDAV backend (copy a tree, check it, sync, delete) and a scripted cadaver session.
/// </summary>
public sealed class WebDavClientTests
{
    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public WebDavClientTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Curl_puts_gets_lists_moves_copies_and_deletes(bool tls)
    {
        await using var server = await FerryServer.StartAsync(_output);
        var local = Path.Combine(server.ClientDir, "report.txt");
        await File.WriteAllTextAsync(local, "quarterly figures\n");

        Assert.Equal("201", await CurlStatusAsync(server, tls, "-T", local, server.DavUrl("report.txt", tls)));
        Assert.Equal("quarterly figures\n", await File.ReadAllTextAsync(Path.Combine(server.RootDir, "report.txt")));
        Assert.Equal("201", await CurlStatusAsync(server, tls, "-X", "MKCOL", server.DavUrl("archive/", tls)));
        Assert.True(Directory.Exists(Path.Combine(server.RootDir, "archive")));

        var listing = await CurlAsync(server, tls, "-X", "PROPFIND", "-H", "Depth: 1", server.DavUrl("", tls));
        Assert.Contains("report.txt", listing.Stdout);
        Assert.Contains("archive/", listing.Stdout);

        Assert.Equal("201", await CurlStatusAsync(server, tls, "-X", "COPY", "-H", $"Destination: {server.DavUrl("archive/copy.txt", tls)}", server.DavUrl("report.txt", tls)));
        Assert.Equal("201", await CurlStatusAsync(server, tls, "-X", "MOVE", "-H", $"Destination: {server.DavUrl("archive/moved.txt", tls)}", server.DavUrl("report.txt", tls)));
        Assert.False(File.Exists(Path.Combine(server.RootDir, "report.txt")));
        Assert.Equal("quarterly figures\n", await File.ReadAllTextAsync(Path.Combine(server.RootDir, "archive", "moved.txt")));

        var get = await CurlAsync(server, tls, server.DavUrl("archive/copy.txt", tls));
        Assert.Equal("quarterly figures\n", get.Stdout);

        Assert.Equal("204", await CurlStatusAsync(server, tls, "-X", "DELETE", server.DavUrl("archive/", tls)));
        Assert.False(Directory.Exists(Path.Combine(server.RootDir, "archive")));
    }

    [Fact]
    public async Task A_browser_gets_an_HTML_listing_of_a_folder()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await File.WriteAllTextAsync(Path.Combine(server.RootDir, "a <b>.txt"), "x");
        var page = await CurlAsync(server, tls: false, "-H", "Accept: text/html", server.DavUrl());
        Assert.Contains("<html", page.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("a &lt;b&gt;.txt", page.Stdout);
        Assert.Contains("href=\"/a%20%3Cb%3E.txt\"", page.Stdout);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_challenge()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var curl = ClientTools.Require("curl");
        var result = await _runner.RunAsync(curl, ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-u", $"{server.User}:wrong", server.DavUrl()], workingDirectory: server.ClientDir);
        Assert.Equal("401", result.Stdout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rclone_copies_checks_syncs_and_deletes_a_tree(bool tls)
    {
        await using var server = await FerryServer.StartAsync(_output);
        var rclone = ClientTools.Require("rclone");
        var obscure = await _runner.RunAsync(rclone, ["obscure", "-"], standardInput: server.Password + "\n", workingDirectory: server.ClientDir);
        Assert.True(obscure.Succeeded, obscure.Describe());
        var tree = Directory.CreateDirectory(Path.Combine(server.ClientDir, "tree")).FullName;
        Directory.CreateDirectory(Path.Combine(tree, "sub", "deeper"));
        await File.WriteAllTextAsync(Path.Combine(tree, "one.txt"), "one");
        await File.WriteAllBytesAsync(Path.Combine(tree, "sub", "two.bin"), Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray());
        await File.WriteAllTextAsync(Path.Combine(tree, "sub", "deeper", "three.txt"), "three");
        var environment = new Dictionary<string, string>
        {
            ["RCLONE_WEBDAV_URL"] = server.DavUrl("", tls),
            ["RCLONE_WEBDAV_USER"] = server.User,
            ["RCLONE_WEBDAV_PASS"] = obscure.Stdout.Trim(),
            ["RCLONE_WEBDAV_VENDOR"] = "other",
        };

        async Task<ClientResult> Rclone(params string[] arguments)
        {
            string[] common = ["--config", "/dev/null", "--retries", "1", "--low-level-retries", "1", "--contimeout", "5s", "--timeout", "10s", .. tls ? new[] { "--no-check-certificate" } : []];
            var result = await _runner.RunAsync(rclone, [.. arguments, .. common], workingDirectory: server.ClientDir, environment: environment);
            Assert.True(result.Succeeded, result.Describe());
            return result;
        }

        await Rclone("copy", tree, ":webdav:backup");
        Assert.Equal("three", await File.ReadAllTextAsync(Path.Combine(server.RootDir, "backup", "sub", "deeper", "three.txt")));
        await Rclone("check", tree, ":webdav:backup");

        File.Delete(Path.Combine(tree, "one.txt"));
        await File.WriteAllTextAsync(Path.Combine(tree, "four.txt"), "four");
        await Rclone("sync", tree, ":webdav:backup");
        Assert.False(File.Exists(Path.Combine(server.RootDir, "backup", "one.txt")));
        Assert.Equal("four", await File.ReadAllTextAsync(Path.Combine(server.RootDir, "backup", "four.txt")));

        await Rclone("purge", ":webdav:backup");
        Assert.False(Directory.Exists(Path.Combine(server.RootDir, "backup")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cadaver_runs_a_scripted_session(bool tls)
    {
        await using var server = await FerryServer.StartAsync(_output);
        var cadaver = ClientTools.Require("cadaver");
        // cadaver reads credentials from ~/.netrc; the runner sets HOME to the working folder.
        var netrc = Path.Combine(server.ClientDir, ".netrc");
        await File.WriteAllTextAsync(netrc, $"machine {server.Host} login {server.User} password {server.Password}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(netrc, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await File.WriteAllTextAsync(Path.Combine(server.ClientDir, "note.txt"), "from cadaver\n");
        var script = "mkcol docs\ncd docs\nput note.txt\nls\nlock note.txt\nunlock note.txt\nmove note.txt renamed.txt\nget renamed.txt back.txt\nquit\n";
        // Over HTTPS cadaver asks whether to accept the self-signed certificate, as docs/webdav.md says, but
        // only on a terminal (from a pipe it rejects it): script(1) gives it one, and the first line answers "y".
        var result = tls
            ? await _runner.RunAsync(ClientTools.Require("script"), ["-qec", $"{cadaver} {server.DavUrl("", tls: true)}", "/dev/null"], standardInput: "y\n" + script, workingDirectory: server.ClientDir)
            : await _runner.RunAsync(cadaver, [server.DavUrl()], standardInput: script, workingDirectory: server.ClientDir);
        Assert.True(result.Succeeded, result.Describe());
        if (tls)
        {
            Assert.Contains("Do you wish to accept the certificate?", result.Stdout);
        }
        Assert.Equal("from cadaver\n", await File.ReadAllTextAsync(Path.Combine(server.RootDir, "docs", "renamed.txt")));
        Assert.Equal("from cadaver\n", await File.ReadAllTextAsync(Path.Combine(server.ClientDir, "back.txt")));
        Assert.DoesNotContain("failed", result.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> CurlStatusAsync(FerryServer server, bool tls, params string[] arguments) =>
        (await CurlAsync(server, tls, ["-o", "/dev/null", "-w", "%{http_code}", .. arguments])).Stdout;

    private async Task<ClientResult> CurlAsync(FerryServer server, bool tls, params string[] arguments)
    {
        var curl = ClientTools.Require("curl");
        var result = await _runner.RunAsync(curl, ["-sS", "-u", server.Credentials, .. tls ? new[] { "-k" } : [], .. arguments], workingDirectory: server.ClientDir);
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }
}
