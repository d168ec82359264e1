using System.Diagnostics;
using Ferry.Core.Identity;

namespace Ferry.Integration.Tests;

/// <summary>
/// Per-account quotas and bandwidth limits from ferry.json, met by real clients against the real
/// process: ftplib over FTP, curl over WebDAV and FTP.
/// </summary>
public sealed class QuotaAndBandwidthTests
{
    private const string Password = "quota-pw";

    /// <summary>A cheap hash: these tests are about limits, not hashing cost.</summary>
    private static readonly Pbkdf2PasswordHasher Hasher = new(new PasswordHashOptions { Iterations = 1_000 });

    /// <summary>One hash, so that rewriting the file for a reload leaves the password unchanged.</summary>
    private static readonly string PasswordHash = Hasher.Hash(Password);

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public QuotaAndBandwidthTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task Ftplib_meets_552_mid_transfer_with_the_old_file_kept_and_the_file_count_before_data()
    {
        await using var server = await StartAsync("carol", """ "Quota": { "Bytes": "300000", "Files": 3 } """);

        var result = await new PythonScript(_output).RunAsync(server, "quota.py", ipv6: false, active: false,
            "--user", "carol", "--password", Password, "--root", Path.Combine(server.RootDir, "carol"));

        PythonScript.AssertPassed(result);
    }

    [Fact]
    public async Task A_webdav_put_past_the_quota_is_507_the_old_file_kept_and_propfind_shows_the_quota()
    {
        await using var server = await StartAsync("carol", """ "Quota": { "Bytes": "200KB" } """);
        var old = TestFiles.Write(server.ClientDir, "old.bin", TestFiles.RandomBytes(50_000, seed: 3));
        var big = TestFiles.Write(server.ClientDir, "big.bin", TestFiles.RandomBytes(1_000_000, seed: 4));

        Assert.Equal("201", (await CurlAsync("carol", "-o", "/dev/null", "-w", "%{http_code}", "-T", old, server.DavUrl("f.bin"))).Stdout);
        var refused = await CurlAsync("carol", "-w", "\n%{http_code}", "-T", big, server.DavUrl("f.bin"));
        Assert.EndsWith("\n507", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("Quota exceeded: ", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains(" of 200000 bytes used", refused.Stdout, StringComparison.Ordinal);
        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "carol", "f.bin"), File.ReadAllBytes(old));

        var body = """<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:quota-available-bytes/><D:quota-used-bytes/></D:prop></D:propfind>""";
        var props = await CurlAsync("carol", "-X", "PROPFIND", "-H", "Depth: 0", "-H", "Content-Type: application/xml", "--data-binary", body, server.DavUrl());
        Assert.Contains("<D:quota-available-bytes>150000</D:quota-available-bytes>", props.Stdout, StringComparison.Ordinal);
        Assert.Contains("<D:quota-used-bytes>50000</D:quota-used-bytes>", props.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_limited_to_R_bytes_a_second_takes_at_least_N_over_R_by_ftp_and_by_webdav()
    {
        const int Size = 600_000;
        const int Rate = 200_000;
        await using var server = await StartAsync("slow", $$""" "Bandwidth": { "DownloadBytesPerSecond": {{Rate}} } """);
        TestFiles.Write(Path.Combine(server.RootDir, "slow"), "big.bin", TestFiles.RandomBytes(Size, seed: 5));

        // A burst (a tenth of a second of traffic) may go at once; everything after it waits for the rate.
        var atLeast = TimeSpan.FromSeconds((Size - (Rate / 10.0)) / Rate);
        foreach (var url in new[] { server.Url("big.bin"), server.DavUrl("big.bin") })
        {
            var local = Path.Combine(server.ClientDir, "big-" + (url.StartsWith("ftp", StringComparison.Ordinal) ? "ftp" : "dav") + ".bin");
            var clock = Stopwatch.StartNew();
            var result = await CurlAsync("slow", "-o", local, url);
            clock.Stop();

            Assert.True(result.Succeeded, result.Describe());
            Assert.Equal(Size, new FileInfo(local).Length);
            Assert.True(clock.Elapsed >= atLeast, $"{url}: {Size} bytes at {Rate} B/s took {clock.Elapsed.TotalSeconds:0.00} s, less than {atLeast.TotalSeconds:0.00} s");
        }
    }

    [Fact]
    public async Task Uploads_under_the_server_wide_limit_take_at_least_N_over_R_by_ftp_and_by_webdav()
    {
        const int Size = 600_000;
        const int Rate = 200_000;
        await using var server = await StartAsync("carol", """ "Enabled": true """, """ "Bandwidth": { "UploadBytesPerSecond": "200KB" } """);
        var local = TestFiles.Write(server.ClientDir, "up.bin", TestFiles.RandomBytes(Size, seed: 6));

        var atLeast = TimeSpan.FromSeconds((Size - (Rate / 10.0)) / Rate);
        foreach (var url in new[] { server.Url("up-ftp.bin"), server.DavUrl("up-dav.bin") })
        {
            var clock = Stopwatch.StartNew();
            var result = await CurlAsync("carol", "-T", local, url);
            clock.Stop();

            Assert.True(result.Succeeded, result.Describe());
            Assert.True(clock.Elapsed >= atLeast, $"{url}: {Size} bytes at {Rate} B/s took {clock.Elapsed.TotalSeconds:0.00} s, less than {atLeast.TotalSeconds:0.00} s");
        }

        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "carol", "up-ftp.bin"), File.ReadAllBytes(local));
        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "carol", "up-dav.bin"), File.ReadAllBytes(local));
    }

    [Fact]
    public async Task A_quota_given_by_a_reload_reaches_an_open_session_and_counts_files_put_beside_Ferry()
    {
        await using var server = await StartAsync("carol", """ "Enabled": true """);
        await using var open = await RawFtpClient.LogOnAsync(server, "carol", Password);
        // Without a quota AVBL is the disk's free space, far more than the quota below will leave.
        var unlimited = long.Parse((await open.ExpectCommandAsync("AVBL", 213)).Text[4..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(unlimited > 10_000, $"AVBL without a quota said {unlimited}");
        TestFiles.Write(Path.Combine(server.RootDir, "carol"), "beside.bin", new byte[50_000]);

        WriteConfig(server, "carol", """ "Quota": { "Bytes": 60000 } """);
        server.HangUp();
        Assert.True(await server.WaitForOutputAsync("Configuration reloaded (", TimeSpan.FromSeconds(20)), "no reload was logged");

        Assert.Equal("213 10000", (await open.ExpectCommandAsync("AVBL", 213)).Text);
        var local = TestFiles.Write(server.ClientDir, "up.bin", new byte[20_000]);
        var refused = await CurlAsync("carol", "-v", "-T", local, server.Url("up.bin"));
        Assert.False(refused.Succeeded, refused.Describe());
        Assert.Contains("< 552 up.bin: quota exceeded: ", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.RootDir, "carol", "up.bin")), "the refused new file was left behind");
    }

    /// <summary>The server with one account in ferry.json, its home made beforehand, and <paramref name="limits"/> as its extra keys.</summary>
    private async Task<FerryServer> StartAsync(string name, string limits, string? serverKeys = null)
    {
        var server = FerryServer.Create(_output);
        Directory.CreateDirectory(Path.Combine(server.RootDir, name));
        WriteConfig(server, name, limits, serverKeys);
        await server.LaunchAsync();
        return server;
    }

    /// <summary>ferry.json in the server's working folder, written whole and renamed as editors do (a watcher never reads half).</summary>
    private static void WriteConfig(FerryServer server, string name, string limits, string? serverKeys = null)
    {
        var path = Path.Combine(server.WorkingDir, "ferry.json");
        File.WriteAllText(path + ".tmp", $$"""
            { "Accounts": [ { "Name": "{{name}}", "PasswordHash": "{{PasswordHash}}", "Home": "{{name}}", "Permissions": "all", {{limits}} } ]{{(serverKeys is null ? "" : ", " + serverKeys)}} }
            """);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>curl as <paramref name="user"/>, bounded in time.</summary>
    private Task<ClientResult> CurlAsync(string user, params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "--max-time", "60", "-u", $"{user}:{Password}", .. arguments]);
}
