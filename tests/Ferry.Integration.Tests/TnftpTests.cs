namespace Ferry.Integration.Tests;

/// <summary>
/// tnftp, the classic BSD command-line client, scripted on stdin in active mode with PORT only:
/// what Windows' ftp.exe does, and what a server behind a careless PORT check breaks.
/// </summary>
public sealed class TnftpTests
{
    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public TnftpTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task Active_mode_put_get_and_ls_work_end_to_end()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var content = TestFiles.RandomBytes(1_000_003, seed: 5);
        TestFiles.Write(server.ClientDir, "put.bin", content);
        var script = string.Join('\n',
            $"open {server.Host} {server.Port}",
            $"user {server.User} {server.Password}",
            "passive off",
            // IPv4 PORT instead of EPRT, as Windows ftp.exe sends.
            "epsv4 off",
            "binary",
            "put put.bin",
            "get put.bin got.bin",
            "ls",
            "quit",
            "");

        var result = await _runner.RunAsync(ClientTools.Require("tnftp"), ["-A", "-n", "-v", "-d"], standardInput: script, workingDirectory: server.ClientDir);

        // tnftp exits 0 even when a command failed, so the replies and the files are what count.
        // -d shows the commands sent ("---> PORT"), -v the replies.
        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("---> PORT", result.Stdout);
        Assert.DoesNotContain("---> PASV", result.Stdout);
        Assert.DoesNotContain("---> EPRT", result.Stdout);
        TestFiles.AssertFileHolds(Path.Combine(server.RootDir, "put.bin"), content);
        TestFiles.AssertFileHolds(Path.Combine(server.ClientDir, "got.bin"), content);
        var listAt = result.Stdout.IndexOf("---> LIST", StringComparison.Ordinal);
        Assert.True(listAt >= 0, "tnftp sent no LIST");
        var listing = result.Stdout[listAt..];
        Assert.Contains("put.bin", listing);
        Assert.Equal(3, CountReplies(result.Stdout, "226"));
    }

    private static int CountReplies(string transcript, string code) =>
        transcript.Split('\n').Count(line => line.StartsWith(code + " ", StringComparison.Ordinal));
}
