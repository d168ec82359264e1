using Ferry.Core.Paths;
using Ferry.Core.Storage.Memory;
using Ferry.Core.Storage.Mounted;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Commands;

/// <summary>FTP over a tree with a mount point (IIS virtual directory) at /reports.</summary>
public sealed class MountedTreeCommandsTests
{
    private static MountedStorage Tree() => new(new InMemoryStorage(), [new Mount(VfsPath.Parse("/reports"), new InMemoryStorage())]);

    [Fact]
    public async Task RNTO_across_the_mount_point_is_553_naming_the_mount_and_RMD_of_the_mount_point_is_550()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: Tree());
        await server.CommandAsync("MKD /d", 257);

        await server.CommandAsync("RNFR /d", 350);
        Assert.Contains("crosses a mount point", (await server.CommandAsync("RNTO /reports/d", 553)).Text);
        await server.CommandAsync("RMD /reports", 550);
        await server.CommandAsync("CWD /reports", 250);
        await server.CommandAsync("MKD sub", 257);
    }
}
