namespace Ferry.Integration.Tests;

/// <summary>lftp's mirror: a whole tree up and back down, which exercises MKD, listings (MLSD or LIST parsing) and many transfers in one session.</summary>
public sealed class LftpTests
{
    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public LftpTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public Task Mirror_up_and_down_keeps_the_tree_byte_for_byte_in_passive_mode() => AssertMirrorRoundTripAsync(passive: true);

    [Fact]
    public Task Mirror_up_and_down_keeps_the_tree_byte_for_byte_in_active_mode() => AssertMirrorRoundTripAsync(passive: false);

    private async Task AssertMirrorRoundTripAsync(bool passive)
    {
        await using var server = await FerryServer.StartAsync(_output);
        var source = Path.Combine(server.ClientDir, "source");
        var downloaded = Path.Combine(server.ClientDir, "downloaded");
        TestFiles.WriteSampleTree(source);
        Directory.CreateDirectory(downloaded);

        var script = string.Join("; ",
            "set cmd:fail-exit yes",
            "set ftp:ssl-allow no",
            $"set ftp:passive-mode {(passive ? "on" : "off")}",
            // Fail fast instead of lftp's default of retrying for minutes.
            "set net:max-retries 1",
            "set net:timeout 15",
            "set net:reconnect-interval-base 1",
            "set xfer:clobber yes",
            $"open -u {server.User},{server.Password} -p {server.Port} {server.Host}",
            $"mirror -R --verbose=1 {source} /tree",
            $"mirror --verbose=1 /tree {downloaded}",
            "quit");
        var result = await _runner.RunAsync(ClientTools.Require("lftp"), ["-d", "-c", script], workingDirectory: server.ClientDir);

        Assert.True(result.Succeeded, result.Describe());
        var debug = result.Stdout + result.Stderr;
        Assert.True(passive ? debug.Contains("---> PASV") || debug.Contains("---> EPSV") : debug.Contains("---> PORT") || debug.Contains("---> EPRT"),
            $"lftp did not use {(passive ? "passive" : "active")} mode");
        TestFiles.AssertTreesEqual(source, Path.Combine(server.RootDir, "tree"));
        TestFiles.AssertTreesEqual(source, downloaded);
    }
}
