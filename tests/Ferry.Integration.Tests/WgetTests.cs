namespace Ferry.Integration.Tests;

/// <summary>wget's FTP download, passive by default and active on request.</summary>
public sealed class WgetTests
{
    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public WgetTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public Task Downloads_a_file_in_passive_mode() => AssertDownloadAsync([]);

    [Fact]
    public Task Downloads_a_file_in_active_mode() => AssertDownloadAsync(["--no-passive-ftp"]);

    private async Task AssertDownloadAsync(string[] modeArguments)
    {
        await using var server = await FerryServer.StartAsync(_output);
        var content = TestFiles.RandomBytes(1_500_000, seed: 9);
        TestFiles.Write(server.RootDir, "wget.bin", content);
        var target = Path.Combine(server.ClientDir, "wget.bin");
        var url = $"ftp://{server.User}:{server.Password}@{server.Host}:{server.Port}/wget.bin";

        var result = await _runner.RunAsync(ClientTools.Require("wget"),
            ["--tries=1", "--timeout=20", "--no-verbose", "--debug", .. modeArguments, "-O", target, url],
            workingDirectory: server.ClientDir);

        Assert.True(result.Succeeded, result.Describe());
        TestFiles.AssertFileHolds(target, content);
    }
}
