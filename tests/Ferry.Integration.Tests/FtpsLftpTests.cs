namespace Ferry.Integration.Tests;

/// <summary>lftp's mirror over FTPS with protected data: a whole tree up and back down in one TLS session.</summary>
public sealed class FtpsLftpTests
{
    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public FtpsLftpTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Mirror_up_and_down_over_tls_keeps_the_tree_byte_for_byte(bool passive)
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--tls", "Required"] });
        var source = Path.Combine(server.ClientDir, "source");
        var downloaded = Path.Combine(server.ClientDir, "downloaded");
        TestFiles.WriteSampleTree(source);
        Directory.CreateDirectory(downloaded);

        var script = string.Join("; ",
            "set cmd:fail-exit yes",
            // The server's certificate is self-signed; encryption is under test, not the PKI.
            "set ssl:verify-certificate no",
            "set ftp:ssl-force yes",
            "set ftp:ssl-protect-data yes",
            "set ftp:ssl-protect-list yes",
            $"set ftp:passive-mode {(passive ? "on" : "off")}",
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
        Assert.Contains("---> AUTH TLS", debug);
        Assert.Contains("---> PROT P", debug);
        TestFiles.AssertTreesEqual(source, Path.Combine(server.RootDir, "tree"));
        TestFiles.AssertTreesEqual(source, downloaded);
    }
}
