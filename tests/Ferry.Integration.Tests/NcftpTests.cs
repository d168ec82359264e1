namespace Ferry.Integration.Tests;

/// <summary>
/// NcFTP's batch tools (ncftpput, ncftpget, ncftpls): passive by default, active with -E, and
/// recursive transfers that create folders on the server.
/// </summary>
public sealed class NcftpTests
{
    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public NcftpTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Put_get_and_ls_round_trip_a_tree(bool active)
    {
        await using var server = await FerryServer.StartAsync(_output);
        var tree = Path.Combine(server.ClientDir, "tree");
        TestFiles.WriteSampleTree(tree);
        // -E: PORT (active) data connections; -F: PASV.
        string[] login = ["-u", server.User, "-p", server.Password, "-P", server.Port.ToString(), active ? "-E" : "-F"];

        // -R: recursive; ncftpput creates "tree" and its subfolders with MKD.
        // -d stdout: the command transcript, to see which data connection mode was really used.
        var put = await _runner.RunAsync(ClientTools.Require("ncftpput"), [.. login, "-d", "stdout", "-R", server.Host, "/", tree]);
        Assert.True(put.Succeeded, put.Describe());
        Assert.Contains(active ? "Cmd: PORT" : "Cmd: PASV", put.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(active ? "Cmd: PASV" : "Cmd: PORT", put.Stdout, StringComparison.Ordinal);
        TestFiles.AssertTreesEqual(tree, Path.Combine(server.RootDir, "tree"));

        var ls = await _runner.RunAsync(ClientTools.Require("ncftpls"), [.. login, "-l", $"ftp://{server.Host}:{server.Port}/tree/"]);
        Assert.True(ls.Succeeded, ls.Describe());
        foreach (var entry in Directory.EnumerateFileSystemEntries(tree))
        {
            Assert.Contains(Path.GetFileName(entry), ls.Stdout, StringComparison.Ordinal);
        }

        var back = Directory.CreateDirectory(Path.Combine(server.ClientDir, "back")).FullName;
        var get = await _runner.RunAsync(ClientTools.Require("ncftpget"), [.. login, "-R", server.Host, back, "/tree"]);
        Assert.True(get.Succeeded, get.Describe());
        TestFiles.AssertTreesEqual(tree, Path.Combine(back, "tree"));
    }
}
