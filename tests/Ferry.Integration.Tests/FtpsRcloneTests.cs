namespace Ferry.Integration.Tests;

/// <summary>rclone's FTP backend over explicit FTPS (Go's crypto/tls on the control and every data connection).</summary>
public sealed class FtpsRcloneTests
{
    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public FtpsRcloneTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task Copy_up_copy_down_and_check_over_explicit_tls()
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--tls", "Required"] });
        // The server's certificate is self-signed: encryption is under test, not the PKI.
        var rclone = await RcloneSession.StartAsync(_runner, server, "--ftp-explicit-tls", "--ftp-no-check-certificate");
        var source = Path.Combine(server.ClientDir, "source");
        TestFiles.WriteSampleTree(source);
        var downloaded = Path.Combine(server.ClientDir, "downloaded");

        var up = await rclone.RunAsync("copy", "--create-empty-src-dirs", source, ":ftp:tree");
        Assert.True(up.Succeeded, up.Describe());
        var down = await rclone.RunAsync("copy", "--create-empty-src-dirs", ":ftp:tree", downloaded);
        Assert.True(down.Succeeded, down.Describe());
        var check = await rclone.RunAsync("check", source, ":ftp:tree");

        Assert.True(check.Succeeded, check.Describe());
        Assert.Contains("0 differences found", check.Stderr);
        TestFiles.AssertTreesEqual(source, Path.Combine(server.RootDir, "tree"));
        TestFiles.AssertTreesEqual(source, downloaded);
    }
}
