using Ferry.Core.Paths;
using Ferry.Core.Storage.Memory;
using Ferry.Core.Storage.Mounted;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>WebDAV over a tree with a mount point (IIS virtual directory) at /reports.</summary>
public sealed class MountedTreeTests
{
    private readonly InMemoryStorage _reports = new();
    private readonly DavTestHost _host;

    public MountedTreeTests() =>
        _host = new DavTestHost(storage: new MountedStorage(new InMemoryStorage(), [new Mount(VfsPath.Parse("/reports"), _reports)]));

    [Fact]
    public async Task A_MOVE_across_the_mount_point_is_502_and_moves_nothing_while_a_COPY_across_is_201()
    {
        await _host.PutFileAsync("/a.txt", "root");

        var move = await _host.SendAsync("MOVE", "/a.txt", headers: DavTestHost.Headers([("Destination", "/reports/a.txt")]));
        Assert.Equal(502, move.Status);
        Assert.Equal("root", await _host.ReadFileAsync("/a.txt"));

        var copy = await _host.SendAsync("COPY", "/a.txt", headers: DavTestHost.Headers([("Destination", "/reports/a.txt")]));
        Assert.Equal(201, copy.Status);
        Assert.Equal("root", await _host.ReadFileAsync("/reports/a.txt"));
    }

    [Fact]
    public async Task The_mount_point_cannot_be_deleted_or_moved_away()
    {
        Assert.Equal(403, (await _host.SendAsync("DELETE", "/reports/")).Status);
        Assert.Equal(403, (await _host.SendAsync("MOVE", "/reports/", headers: DavTestHost.Headers([("Destination", "/old/")]))).Status);
    }
}
