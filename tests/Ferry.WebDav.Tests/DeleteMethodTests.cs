using System.Xml.Linq;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Properties;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class DeleteMethodTests
{
    private static readonly XNamespace Dav = "DAV:";
    private readonly DavTestHost _host = new();

    [Fact]
    public async Task A_file_is_deleted_with_204()
    {
        await _host.PutFileAsync("/a.txt", "x");
        Assert.Equal(204, (await _host.SendAsync("DELETE", "/a.txt")).Status);
        Assert.Null(await _host.ReadFileAsync("/a.txt"));
        Assert.Equal(404, (await _host.SendAsync("GET", "/a.txt")).Status);
    }

    [Fact]
    public async Task Nothing_there_is_404()
    {
        Assert.Equal(404, (await _host.SendAsync("DELETE", "/nothing")).Status);
    }

    [Fact]
    public async Task A_collection_goes_with_everything_in_it()
    {
        await _host.MakeFolderAsync("/c");
        await _host.MakeFolderAsync("/c/sub");
        await _host.MakeFolderAsync("/c/sub/deeper");
        await _host.PutFileAsync("/c/a.txt", "1");
        await _host.PutFileAsync("/c/sub/deeper/b.txt", "2");
        Assert.Equal(204, (await _host.SendAsync("DELETE", "/c/")).Status);
        Assert.Null(await _host.Storage.StatAsync(VfsPath.Parse("/c"), CancellationToken.None));
    }

    [Fact]
    public async Task A_target_with_a_fragment_deletes_nothing()
    {
        await _host.MakeFolderAsync("/frag");
        Assert.Equal(400, (await _host.SendAsync("DELETE", "/frag/#ment")).Status);
        Assert.NotNull(await _host.Storage.StatAsync(VfsPath.Parse("/frag"), CancellationToken.None));
        await _host.PutFileAsync("/a#b", "x");
        Assert.Equal(204, (await _host.SendAsync("DELETE", "/a%23b")).Status);
    }

    [Fact]
    public async Task The_root_is_never_deleted_nor_emptied()
    {
        await _host.PutFileAsync("/a.txt", "x");
        Assert.Equal(403, (await _host.SendAsync("DELETE", "/")).Status);
        Assert.Equal("x", await _host.ReadFileAsync("/a.txt"));
    }

    [Fact]
    public async Task A_collection_with_a_Depth_other_than_infinity_is_400()
    {
        await _host.MakeFolderAsync("/c");
        Assert.Equal(400, (await _host.SendAsync("DELETE", "/c/", headers: DavTestHost.Headers(("Depth", "0")))).Status);
        Assert.Equal(204, (await _host.SendAsync("DELETE", "/c/", headers: DavTestHost.Headers(("Depth", "infinity")))).Status);
    }

    [Fact]
    public async Task A_locked_member_stays_with_its_ancestors_and_is_named_in_a_207()
    {
        await _host.MakeFolderAsync("/c");
        await _host.MakeFolderAsync("/c/sub");
        await _host.PutFileAsync("/c/a.txt", "1");
        await _host.PutFileAsync("/c/sub/locked.txt", "2");
        await _host.PutFileAsync("/c/sub/free.txt", "3");
        await _host.MakeFolderAsync("/c/other");
        await _host.PutFileAsync("/c/other/b.txt", "4");
        await _host.LockAsync("/c/sub/locked.txt");

        var response = await _host.SendAsync("DELETE", "/c/");

        Assert.Equal(207, response.Status);
        var responses = XDocument.Parse(response.Body).Root!.Elements(Dav + "response").ToList();
        var only = Assert.Single(responses);
        Assert.Equal("/c/sub/locked.txt", only.Element(Dav + "href")!.Value);
        Assert.Equal("HTTP/1.1 423 Locked", only.Element(Dav + "status")!.Value);
        Assert.Equal("2", await _host.ReadFileAsync("/c/sub/locked.txt"));
        Assert.Null(await _host.ReadFileAsync("/c/a.txt"));
        Assert.Null(await _host.ReadFileAsync("/c/sub/free.txt"));
        Assert.Null(await _host.Storage.StatAsync(VfsPath.Parse("/c/other"), CancellationToken.None));
    }

    [Fact]
    public async Task A_file_locked_by_another_is_423()
    {
        await _host.PutFileAsync("/a.txt", "x");
        await _host.LockAsync("/a.txt");
        Assert.Equal(423, (await _host.SendAsync("DELETE", "/a.txt")).Status);
        Assert.Equal("x", await _host.ReadFileAsync("/a.txt"));
    }

    [Fact]
    public async Task A_member_of_a_locked_collection_is_423()
    {
        await _host.MakeFolderAsync("/c");
        await _host.PutFileAsync("/c/a.txt", "x");
        await _host.LockAsync("/c", LockDepth.Zero);
        Assert.Equal(423, (await _host.SendAsync("DELETE", "/c/a.txt")).Status);
    }

    [Fact]
    public async Task Without_delete_permission_it_is_403()
    {
        var host = new DavTestHost(alicePermissions: Permissions.All & ~Permissions.Delete);
        await host.PutFileAsync("/a.txt", "x");
        Assert.Equal(403, (await host.SendAsync("DELETE", "/a.txt")).Status);
    }

    [Fact]
    public async Task If_Match_with_an_old_tag_is_412()
    {
        await _host.PutFileAsync("/a.txt", "x");
        Assert.Equal(412, (await _host.SendAsync("DELETE", "/a.txt", headers: DavTestHost.Headers(("If-Match", "\"old\"")))).Status);
        Assert.Equal("x", await _host.ReadFileAsync("/a.txt"));
    }

    [Fact]
    public async Task Dead_properties_go_with_what_was_deleted_and_stay_with_what_stayed()
    {
        await _host.MakeFolderAsync("/c");
        await _host.PutFileAsync("/c/gone.txt", "1");
        await _host.PutFileAsync("/c/locked.txt", "2");
        await _host.PutFileAsync("/single.txt", "3");
        foreach (var path in new[] { "/c", "/c/gone.txt", "/c/locked.txt", "/single.txt" })
        {
            await SetPropertyAsync(path);
        }

        await _host.LockAsync("/c/locked.txt");
        Assert.Equal(207, (await _host.SendAsync("DELETE", "/c/")).Status);
        Assert.Equal(204, (await _host.SendAsync("DELETE", "/single.txt")).Status);

        Assert.Empty(await PropertiesAsync("/c/gone.txt"));
        Assert.Empty(await PropertiesAsync("/single.txt"));
        Assert.NotEmpty(await PropertiesAsync("/c/locked.txt"));
        Assert.NotEmpty(await PropertiesAsync("/c"));
    }

    private Task SetPropertyAsync(string path) =>
        _host.Properties.UpdateAsync(Key(path), [new StoredProperty(new PropertyName("urn:test", "p"), "v")], [], CancellationToken.None).AsTask();

    private async Task<IReadOnlyList<StoredProperty>> PropertiesAsync(string path) =>
        await _host.Properties.GetAsync(Key(path), CancellationToken.None);

    private static LockKey Key(string path) => new("tree", VfsPath.Parse(path));
}
