namespace Ferry.Integration.Tests;

/// <summary>
/// lftp's mirror: a whole tree up and back down, which exercises MKD, listings (MLSD or LIST
/// parsing) and many transfers in one session; in passive and active mode, in the clear and over
/// FTPS with protected data.
/// </summary>
public sealed class LftpTests
{
    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public LftpTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task Mirror_up_and_down_keeps_the_tree_byte_for_byte(bool passive, bool tls)
    {
        await using var server = await FerryServer.StartAsync(_output, tls ? new() { ExtraArguments = ["--tls", "Required"] } : null);
        var source = Path.Combine(server.ClientDir, "source");
        var downloaded = Path.Combine(server.ClientDir, "downloaded");
        TestFiles.WriteSampleTree(source);
        Directory.CreateDirectory(downloaded);

        string[] security = tls
            ? [
                // The server's certificate is self-signed; encryption is under test, not the PKI.
                "set ssl:verify-certificate no",
                "set ftp:ssl-force yes",
                "set ftp:ssl-protect-data yes",
                "set ftp:ssl-protect-list yes",
            ]
            : ["set ftp:ssl-allow no"];
        var script = string.Join("; ", [
            "set cmd:fail-exit yes",
            .. security,
            $"set ftp:passive-mode {(passive ? "on" : "off")}",
            // Fail fast instead of lftp's default of retrying for minutes.
            "set net:max-retries 1",
            "set net:timeout 15",
            "set net:reconnect-interval-base 1",
            "set xfer:clobber yes",
            $"open -u {server.User},{server.Password} -p {server.Port} {server.Host}",
            $"mirror -R --verbose=1 {source} /tree",
            $"mirror --verbose=1 /tree {downloaded}",
            "quit",
        ]);
        var result = await _runner.RunAsync(ClientTools.Require("lftp"), ["-d", "-c", script], workingDirectory: server.ClientDir);

        Assert.True(result.Succeeded, result.Describe());
        var debug = result.Stdout + result.Stderr;
        Assert.True(passive ? debug.Contains("---> PASV") || debug.Contains("---> EPSV") : debug.Contains("---> PORT") || debug.Contains("---> EPRT"),
            $"lftp did not use {(passive ? "passive" : "active")} mode");
        Assert.Equal(tls, debug.Contains("---> AUTH TLS"));
        Assert.Equal(tls, debug.Contains("---> PROT P"));
        TestFiles.AssertTreesEqual(source, Path.Combine(server.RootDir, "tree"));
        TestFiles.AssertTreesEqual(source, downloaded);
    }

    /// <summary>
    /// lftp's MODE Z (ftp:use-mode-z): a compressible file down and a file up, byte for byte, with
    /// the level it asks for; over TLS too, where the zlib stream runs inside the protected connection.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mode_z_transfers_keep_the_bytes(bool tls)
    {
        await using var server = await FerryServer.StartAsync(_output, tls ? new() { ExtraArguments = ["--tls", "Required"] } : null);
        var content = string.Concat(Enumerable.Repeat("a line that compresses well\n", 50_000));
        await File.WriteAllTextAsync(Path.Combine(server.RootDir, "down.txt"), content);
        var upload = Path.Combine(server.ClientDir, "up.txt");
        await File.WriteAllTextAsync(upload, content.ToUpperInvariant());

        string[] security = tls
            ? ["set ssl:verify-certificate no", "set ftp:ssl-force yes", "set ftp:ssl-protect-data yes"]
            : ["set ftp:ssl-allow no"];
        var script = string.Join("; ", [
            "set cmd:fail-exit yes",
            .. security,
            "set ftp:use-mode-z yes",
            "set ftp:mode-z-level 9",
            "set net:max-retries 1",
            "set net:timeout 15",
            "set xfer:clobber yes",
            $"open -u {server.User},{server.Password} -p {server.Port} {server.Host}",
            $"get down.txt -o {Path.Combine(server.ClientDir, "down.txt")}",
            $"put {upload} -o up.txt",
            "quit",
        ]);
        var result = await _runner.RunAsync(ClientTools.Require("lftp"), ["-d", "-c", script], workingDirectory: server.ClientDir);

        Assert.True(result.Succeeded, result.Describe());
        var debug = result.Stdout + result.Stderr;
        Assert.Contains("---> MODE Z", debug);
        Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(server.ClientDir, "down.txt")));
        Assert.Equal(content.ToUpperInvariant(), await File.ReadAllTextAsync(Path.Combine(server.RootDir, "up.txt")));
    }
}
