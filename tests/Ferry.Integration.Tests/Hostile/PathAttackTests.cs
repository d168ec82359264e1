using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// Hostile suite: paths that try to leave the account's home (dot-dot in every spelling, symlinks
/// planted inside the root, absolute paths) and globs that try to list outside it or blow up.
/// </summary>
public sealed class PathAttackTests
{
    private readonly ITestOutputHelper _output;

    public PathAttackTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task No_spelling_of_a_path_and_no_planted_symlink_reaches_a_file_outside_the_home()
    {
        await using var server = await FerryServer.StartAsync(_output);
        // A secret beside the root, and symlinks inside the root pointing at it and at /etc.
        var outside = Path.Combine(Path.GetDirectoryName(server.RootDir)!, "outside-secret.txt");
        File.WriteAllText(outside, "outside the jail");
        File.CreateSymbolicLink(Path.Combine(server.RootDir, "to-secret"), outside);
        Directory.CreateSymbolicLink(Path.Combine(server.RootDir, "to-etc"), "/etc");
        Directory.CreateSymbolicLink(Path.Combine(server.RootDir, "to-parent"), "..");
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("TYPE I", 200);

        string[] escapes =
        [
            "../outside-secret.txt", "../../../../../../etc/passwd", "/../outside-secret.txt", "/etc/passwd",
            "..\\outside-secret.txt", "%2e%2e/outside-secret.txt", "....//outside-secret.txt", "./../outside-secret.txt",
            "to-secret", "to-etc/passwd", "to-parent/outside-secret.txt", "to-parent/to-parent/outside-secret.txt",
        ];
        var secretLength = new FileInfo(outside).Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var path in escapes)
        {
            // A planted link that dangles inside the jail is described as the link itself (its own
            // size is its target's length), as ls -l shows it; never as the file outside.
            var reply = await client.CommandAsync($"SIZE {path}");
            Assert.True(reply.Code == 550 || (reply.Code == 213 && reply.Text != "213 " + secretLength), $"SIZE {path} -> {reply.Text}");
            reply = await client.CommandAsync($"RETR {path}");
            Assert.True(reply.Code is 550 or 553 or 425, $"RETR {path} -> {reply.Text}");
        }

        // Up as far as it goes is still the home, and a write through a symlink lands nowhere outside.
        await client.ExpectCommandAsync("CWD ../../../..", 250);
        var pwd = await client.ExpectCommandAsync("PWD", 257);
        Assert.Contains("\"/\"", pwd.Text, StringComparison.Ordinal);
        var mkd = await client.CommandAsync("MKD to-etc/ferry-hostile");
        Assert.NotEqual(257, mkd.Code);
        Assert.False(Directory.Exists("/etc/ferry-hostile"), "MKD through a symlink created a folder in /etc");
        Assert.Equal("outside the jail", File.ReadAllText(outside));
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task Globs_list_only_inside_the_home_and_deep_patterns_end()
    {
        await using var server = await FerryServer.StartAsync(_output);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(server.RootDir)!, "neighbour-file.txt"), "x");
        Directory.CreateDirectory(Path.Combine(server.RootDir, "a", "b", "c"));
        File.WriteAllText(Path.Combine(server.RootDir, "a", "b", "c", "deep.txt"), "d");
        await using var client = await RawFtpClient.LogOnAsync(server);

        foreach (var pattern in new[] { "../*", "/../*", "*/../../*", "*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*", "[", "*[*", "**********************************a" })
        {
            var listing = await NlstAsync(client, pattern);
            Assert.DoesNotContain("neighbour-file.txt", listing, StringComparison.Ordinal);
            Assert.DoesNotContain("client", listing, StringComparison.Ordinal);
        }

        // The globs were refused or empty because of where they point, not because listing is broken.
        Assert.Contains("deep.txt", await NlstAsync(client, "a/b/c/*.txt"), StringComparison.Ordinal);
        await Hostile.AssertStillServesAsync(server, _output);
    }

    /// <summary>NLST over a fresh passive connection; a refusal (450/550) counts as an empty listing.</summary>
    private static async Task<string> NlstAsync(RawFtpClient client, string pattern)
    {
        using var data = await client.OpenPassiveAsync();
        var reply = await client.CommandAsync($"NLST {pattern}");
        if (reply.Code != 150 && reply.Code != 125)
        {
            Assert.True(reply.Code is 450 or 550 or 501, $"NLST {pattern} -> {reply.Text}");
            return "";
        }
        var text = Encoding.UTF8.GetString(await RawFtpClient.ReadAllAsync(data));
        await client.ExpectAsync(226);
        return text;
    }
}
