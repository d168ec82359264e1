using System.Collections.Immutable;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>Folder rules bind navigation, and changing permission bits is a right of its own.</summary>
public sealed class FtpSessionPermissionTests
{
    [Theory]
    [InlineData("CWD closed")]
    [InlineData("CWD /closed/inner")]
    [InlineData("XCWD closed")]
    public async Task Cwd_into_a_folder_with_no_rights_gets_550_and_the_directory_stays(string command)
    {
        await using var server = new FtpTestServer(folders: [new FolderPermission(VfsPath.Parse("/closed"), Permissions.None)]);
        Directory.CreateDirectory(Path.Combine(server.Root, "closed", "inner"));
        await server.LogOnAsync();

        var reply = await server.CommandAsync(command, 550);
        Assert.Contains("permission denied", reply.Text);
        Assert.Equal("257 \"/\" is the current directory.", (await server.CommandAsync("PWD", 257)).Text);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Site_chmod_needs_the_chmod_right_not_only_write()
    {
        await using var server = new FtpTestServer(permissions: Permissions.All & ~Permissions.Chmod);
        var file = Path.Combine(server.Root, "a.sh");
        await File.WriteAllTextAsync(file, "x");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        await server.LogOnAsync();

        await server.CommandAsync("SITE CHMOD 777 a.sh", 550);
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(file));
        await server.UploadAsync("STOR b.txt", "y"u8.ToArray());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Site_chmod_with_the_chmod_right_sets_the_bits()
    {
        await using var server = new FtpTestServer(permissions: Permissions.List | Permissions.Chmod);
        var file = Path.Combine(server.Root, "a.sh");
        await File.WriteAllTextAsync(file, "x");
        await server.LogOnAsync();

        await server.CommandAsync("SITE CHMOD 700 a.sh", 200);
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(file));
    }
}
