using System.Globalization;
using Ferry.Core.Identity;
using Ferry.Core.Storage.Memory;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Commands;

/// <summary>AVBL, CLNT, LANG, SITE HELP and CCC through a whole session.</summary>
public sealed class ExtensionCommandsTests
{
    [Theory]
    [InlineData("AVBL")]
    [InlineData("AVBL /")]
    [InlineData("AVBL sub")]
    public async Task Avbl_gives_the_free_bytes_of_the_file_system(string command)
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        Directory.CreateDirectory(Path.Combine(server.Root, "sub"));

        var reply = await server.CommandAsync(command, 213);

        var bytes = long.Parse(reply.Text[4..], CultureInfo.InvariantCulture);
        Assert.InRange(bytes, 1, new DriveInfo(server.Root).TotalSize);
    }

    [Theory]
    [InlineData("AVBL missing")]
    [InlineData("AVBL f.txt")]
    public async Task Avbl_of_no_folder_is_550(string command)
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await File.WriteAllTextAsync(Path.Combine(server.Root, "f.txt"), "x");

        await server.CommandAsync(command, 550);
    }

    [Fact]
    public async Task Avbl_needs_list_or_write()
    {
        await using var server = new FtpTestServer(permissions: Permissions.Read);
        await server.LogOnAsync();

        Assert.Contains("permission denied", (await server.CommandAsync("AVBL", 550)).Text);
    }

    [Fact]
    public async Task Avbl_on_a_storage_that_cannot_tell_is_502()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage());

        await server.CommandAsync("AVBL", 502);
    }

    [Fact]
    public async Task Clnt_is_accepted_before_and_after_logon()
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);

        await server.CommandAsync("CLNT FileZilla 3.66.4", 200);
        Assert.Equal("FileZilla 3.66.4", server.Session.ClientName);
        Assert.Equal("FileZilla 3.66.4", server.Session.Registration.Snapshot().Software);
        await server.CommandAsync("CLNT", 501);
    }

    [Theory]
    [InlineData("LANG", 200)]
    [InlineData("LANG EN", 200)]
    [InlineData("LANG en-US", 200)]
    [InlineData("LANG FR", 504)]
    public async Task Lang_offers_english_only(string command, int code)
    {
        await using var server = new FtpTestServer();
        await server.ExpectAsync(220);

        await server.CommandAsync(command, code);
    }

    [Fact]
    public async Task Feat_lists_the_extensions()
    {
        await using var server = await FtpTestServer.LoggedInAsync();

        var feat = await server.CommandAsync("FEAT", 211);

        Assert.Contains(" LANG EN*", feat.Lines);
        Assert.Contains(" AVBL", feat.Lines);
        Assert.Contains(" MODE Z", feat.Lines);
    }

    [Fact]
    public async Task Site_help_lists_each_site_command_on_its_own_line()
    {
        await using var server = await FtpTestServer.LoggedInAsync();

        var help = await server.CommandAsync("SITE HELP", 214);

        Assert.True(help.Lines.Count >= 4, help.Text);
        Assert.Contains(help.Lines, l => l.StartsWith(" CHMOD <octal mode> <path> - ", StringComparison.Ordinal));
        Assert.Contains(help.Lines, l => l.StartsWith(" HELP - ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_names_the_new_commands()
    {
        await using var server = await FtpTestServer.LoggedInAsync();

        var help = await server.CommandAsync("HELP", 214);

        foreach (var verb in new[] { "HASH", "RANGE", "AVBL", "CLNT", "LANG" })
        {
            Assert.Contains(verb, help.Text);
        }
    }

    [Fact]
    public async Task Mode_z_and_back_to_s_and_its_level()
    {
        await using var server = await FtpTestServer.LoggedInAsync();

        await server.CommandAsync("MODE Z", 200);
        await server.CommandAsync("OPTS MODE Z LEVEL 9", 200);
        Assert.Contains("LEVEL 9", (await server.CommandAsync("OPTS MODE Z", 200)).Text);
        await server.CommandAsync("OPTS MODE Z LEVEL 10", 501);
        await server.CommandAsync("OPTS MODE Z LEVEL x", 501);
        await server.CommandAsync("OPTS MODE Z SPEED 1", 501);
        Assert.Contains("MODE: Z", (await server.CommandAsync("STAT", 211)).Text);
        await server.CommandAsync("MODE S", 200);
        Assert.Contains("MODE: Stream", (await server.CommandAsync("STAT", 211)).Text);
    }
}
