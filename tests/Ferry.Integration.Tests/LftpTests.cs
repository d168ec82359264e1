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
}
