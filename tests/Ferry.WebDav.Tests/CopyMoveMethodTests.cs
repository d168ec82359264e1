using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Core.Properties;
using Ferry.Core.Storage;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class CopyMoveMethodTests
{
    private readonly DavTestHost _host = new();

    [Theory]
    [InlineData("COPY")]
    [InlineData("MOVE")]
    public async Task A_file_to_a_new_name_is_201(string method)
    {
        await _host.PutFileAsync("/a.txt", "content");
        Assert.Equal(201, (await SendAsync(method, "/a.txt", "/b.txt")).Status);
        Assert.Equal("content", await _host.ReadFileAsync("/b.txt"));
        Assert.Equal(method == "COPY" ? "content" : null, await _host.ReadFileAsync("/a.txt"));
    }

    [Theory]
    [InlineData("COPY")]
    [InlineData("MOVE")]
    public async Task A_file_over_a_file_is_204_and_replaces_it(string method)
    {
        await _host.PutFileAsync("/a.txt", "new");
        await _host.PutFileAsync("/b.txt", "old");
        Assert.Equal(204, (await SendAsync(method, "/a.txt", "/b.txt")).Status);
        Assert.Equal("new", await _host.ReadFileAsync("/b.txt"));
    }

    [Theory]
    [InlineData("COPY")]
    [InlineData("MOVE")]
    public async Task Overwrite_F_with_something_there_is_412_and_changes_nothing(string method)
    {
        await _host.PutFileAsync("/a.txt", "new");
        await _host.PutFileAsync("/b.txt", "old");
        Assert.Equal(412, (await SendAsync(method, "/a.txt", "/b.txt", ("Overwrite", "F"))).Status);
        Assert.Equal("old", await _host.ReadFileAsync("/b.txt"));
        Assert.Equal("new", await _host.ReadFileAsync("/a.txt"));
        Assert.Equal(201, (await SendAsync(method, "/a.txt", "/c.txt", ("Overwrite", "F"))).Status);
    }

    [Theory]
    [InlineData("COPY")]
    [InlineData("MOVE")]
    public async Task A_missing_destination_parent_is_409(string method)
    {
        await _host.PutFileAsync("/a.txt", "x");
        Assert.Equal(409, (await SendAsync(method, "/a.txt", "/missing/b.txt")).Status);
        Assert.Equal(409, (await SendAsync(method, "/a.txt", "/a.txt/b.txt")).Status);
    }

    [Theory]
    [InlineData("COPY", "/c/", "/c/")]
    [InlineData("MOVE", "/c/", "/c/")]
    [InlineData("COPY", "/c/", "/c/inside/")]
    [InlineData("MOVE", "/c/", "/c/inside/")]
    [InlineData("MOVE", "/c/f.txt", "/c/")]
    [InlineData("COPY", "/c/f.txt", "/")]
    public async Task Onto_itself_into_itself_or_over_its_ancestor_is_403(string method, string source, string destination)
    {
        await _host.MakeFolderAsync("/c");
        await _host.PutFileAsync("/c/f.txt", "x");
        Assert.Equal(403, (await SendAsync(method, source, destination)).Status);
        Assert.Equal("x", await _host.ReadFileAsync("/c/f.txt"));
    }

    [Fact]
    public async Task COPY_of_a_collection_takes_everything_below_by_default()
    {
        await MakeTreeAsync("/src");
        Assert.Equal(201, (await SendAsync("COPY", "/src/", "/dst/")).Status);
        Assert.Equal("1", await _host.ReadFileAsync("/dst/a.txt"));
        Assert.Equal("2", await _host.ReadFileAsync("/dst/sub/b.txt"));
        Assert.Equal("2", await _host.ReadFileAsync("/src/sub/b.txt"));
    }

    [Fact]
    public async Task COPY_with_Depth_0_makes_the_collection_alone()
    {
        await MakeTreeAsync("/src");
        Assert.Equal(201, (await SendAsync("COPY", "/src/", "/dst/", ("Depth", "0"))).Status);
        Assert.True((await _host.Storage.StatAsync(VfsPath.Parse("/dst"), CancellationToken.None))!.IsDirectory);
        Assert.Null(await _host.ReadFileAsync("/dst/a.txt"));
    }

    [Theory]
    [InlineData("COPY", "1")]
    [InlineData("COPY", "two")]
    [InlineData("MOVE", "0")]
    [InlineData("MOVE", "1")]
    public async Task Other_depths_are_400(string method, string depth)
    {
        await MakeTreeAsync("/src");
        Assert.Equal(400, (await SendAsync(method, "/src/", "/dst/", ("Depth", depth))).Status);
        Assert.Null(await _host.Storage.StatAsync(VfsPath.Parse("/dst"), CancellationToken.None));
    }

    [Fact]
    public async Task An_Overwrite_that_is_neither_T_nor_F_is_400()
    {
        await _host.PutFileAsync("/a.txt", "x");
        Assert.Equal(400, (await SendAsync("COPY", "/a.txt", "/b.txt", ("Overwrite", "yes"))).Status);
    }

    [Theory]
    [InlineData("COPY")]
    [InlineData("MOVE")]
    public async Task A_collection_over_a_collection_replaces_it_whole(string method)
    {
        await MakeTreeAsync("/src");
        await _host.MakeFolderAsync("/dst");
        await _host.PutFileAsync("/dst/stale.txt", "old");
        Assert.Equal(204, (await SendAsync(method, "/src/", "/dst/")).Status);
        Assert.Null(await _host.ReadFileAsync("/dst/stale.txt"));
        Assert.Equal("2", await _host.ReadFileAsync("/dst/sub/b.txt"));
    }

    [Theory]
    [InlineData("COPY")]
    [InlineData("MOVE")]
    public async Task A_file_over_a_collection_and_a_collection_over_a_file_replace_it(string method)
    {
        await _host.PutFileAsync("/f.txt", "file");
        await MakeTreeAsync("/coll");
        await _host.MakeFolderAsync("/target");
        Assert.Equal(204, (await SendAsync(method, "/f.txt", "/target")).Status);
        Assert.Equal("file", await _host.ReadFileAsync("/target"));
        Assert.Equal(204, (await SendAsync(method, "/coll/", "/target")).Status);
        Assert.Equal("1", await _host.ReadFileAsync("/target/a.txt"));
    }

    [Fact]
    public async Task MOVE_of_a_collection_takes_everything_and_leaves_nothing()
    {
        await MakeTreeAsync("/src");
        Assert.Equal(201, (await SendAsync("MOVE", "/src/", "/dst/")).Status);
        Assert.Null(await _host.Storage.StatAsync(VfsPath.Parse("/src"), CancellationToken.None));
        Assert.Equal("2", await _host.ReadFileAsync("/dst/sub/b.txt"));
    }

    [Fact]
    public async Task Nothing_at_the_source_is_404()
    {
        Assert.Equal(404, (await SendAsync("COPY", "/nothing", "/b")).Status);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/b.txt", 201)]
    [InlineData("HTTP://127.0.0.1:8080/b.txt", 201)]
    [InlineData("http://127.0.0.1:8080/b.txt?query#fragment", 201)]
    [InlineData("http://127.0.0.1:9090/b.txt", 502)]
    [InlineData("http://example.com:8080/b.txt", 502)]
    [InlineData("https://127.0.0.1:8080/b.txt", 502)]
    [InlineData("/x/../b.txt", 400)]
    [InlineData("b.txt", 400)]
    [InlineData("/a%2fb.txt", 400)]
    public async Task The_Destination_is_this_server_and_a_valid_path(string destination, int status)
    {
        await _host.PutFileAsync("/a.txt", "x");
        var response = await _host.SendAsync("COPY", "/a.txt", headers: DavTestHost.Headers(("Destination", destination)));
        Assert.Equal(status, response.Status);
        Assert.Equal(status == 201 ? "x" : null, await _host.ReadFileAsync("/b.txt"));
    }

    [Fact]
    public async Task Without_a_Destination_it_is_400()
    {
        await _host.PutFileAsync("/a.txt", "x");
        Assert.Equal(400, (await _host.SendAsync("MOVE", "/a.txt")).Status);
    }

    [Fact]
    public async Task The_Destination_is_decoded_once()
    {
        await _host.PutFileAsync("/a.txt", "x");
        Assert.Equal(201, (await SendAsync("COPY", "/a.txt", "/b%2520%C3%A9.txt")).Status);
        Assert.Equal("x", await _host.ReadFileAsync("/b%20é.txt"));
    }

    [Fact]
    public async Task Outside_the_prefix_is_502()
    {
        var host = new DavTestHost(new WebDavOptions { Prefix = "/dav/" });
        await host.PutFileAsync("/a.txt", "x");
        Assert.Equal(502, (await host.SendAsync("COPY", "/dav/a.txt", headers: DavTestHost.Headers(("Destination", "/other/b.txt")))).Status);
        Assert.Equal(201, (await host.SendAsync("COPY", "/dav/a.txt", headers: DavTestHost.Headers(("Destination", "http://127.0.0.1:8080/dav/b.txt")))).Status);
        Assert.Equal("x", await host.ReadFileAsync("/b.txt"));
    }

    [Fact]
    public async Task The_Destination_is_in_the_account_s_own_tree()
    {
        await _host.MakeFolderAsync("/bob");
        await _host.PutFileAsync("/bob/a.txt", "bob's");
        var response = await _host.SendAsync("COPY", "/a.txt", headers: DavTestHost.Headers(("Destination", "/b.txt")), user: DavTestHost.Bob);
        Assert.Equal(201, response.Status);
        Assert.Equal("bob's", await _host.ReadFileAsync("/bob/b.txt"));
        Assert.Null(await _host.ReadFileAsync("/b.txt"));
    }

    [Fact]
    public async Task A_reserved_destination_name_is_refused()
    {
        await _host.PutFileAsync("/a.txt", "x");
        Assert.Equal(403, (await SendAsync("COPY", "/a.txt", "/" + ReservedNames.Prefix + "x")).Status);
        Assert.Equal(403, (await SendAsync("MOVE", "/a.txt", "/" + ReservedNames.Prefix + "x")).Status);
        Assert.Equal("x", await _host.ReadFileAsync("/a.txt"));
    }

    [Theory]
    [InlineData("COPY")]
    [InlineData("MOVE")]
    public async Task A_destination_locked_by_another_is_423(string method)
    {
        await _host.PutFileAsync("/a.txt", "new");
        await _host.PutFileAsync("/b.txt", "old");
        await _host.LockAsync("/b.txt");
        Assert.Equal(423, (await SendAsync(method, "/a.txt", "/b.txt")).Status);
        Assert.Equal("old", await _host.ReadFileAsync("/b.txt"));
    }

    [Fact]
    public async Task A_new_destination_in_a_locked_collection_is_423()
    {
        await _host.PutFileAsync("/a.txt", "x");
        await _host.MakeFolderAsync("/locked");
        await _host.LockAsync("/locked");
        Assert.Equal(423, (await SendAsync("COPY", "/a.txt", "/locked/a.txt")).Status);
    }

    [Fact]
    public async Task A_locked_source_may_be_copied_but_not_moved()
    {
        await _host.PutFileAsync("/a.txt", "x");
        await _host.LockAsync("/a.txt");
        Assert.Equal(423, (await SendAsync("MOVE", "/a.txt", "/b.txt")).Status);
        Assert.Equal(201, (await SendAsync("COPY", "/a.txt", "/b.txt")).Status);
    }

    [Fact]
    public async Task A_source_in_a_locked_collection_cannot_be_moved_out()
    {
        await _host.MakeFolderAsync("/locked");
        await _host.PutFileAsync("/locked/a.txt", "x");
        await _host.LockAsync("/locked");
        Assert.Equal(423, (await SendAsync("MOVE", "/locked/a.txt", "/a.txt")).Status);
    }

    [Fact]
    public async Task Dead_properties_are_copied_with_the_tree()
    {
        await MakeTreeAsync("/src");
        await SetPropertyAsync("/src", "top");
        await SetPropertyAsync("/src/sub/b.txt", "deep");
        Assert.Equal(201, (await SendAsync("COPY", "/src/", "/dst/")).Status);
        Assert.Equal("top", await PropertyAsync("/dst"));
        Assert.Equal("deep", await PropertyAsync("/dst/sub/b.txt"));
        Assert.Equal("deep", await PropertyAsync("/src/sub/b.txt"));
    }

    [Fact]
    public async Task A_shallow_copy_takes_only_the_collection_s_own_properties()
    {
        await MakeTreeAsync("/src");
        await SetPropertyAsync("/src", "top");
        await SetPropertyAsync("/src/sub/b.txt", "deep");
        Assert.Equal(201, (await SendAsync("COPY", "/src/", "/dst/", ("Depth", "0"))).Status);
        Assert.Equal("top", await PropertyAsync("/dst"));
        Assert.Null(await PropertyAsync("/dst/sub/b.txt"));
    }

    [Fact]
    public async Task Dead_properties_move_with_the_resource_and_a_replaced_file_s_go()
    {
        await _host.PutFileAsync("/a.txt", "x");
        await _host.PutFileAsync("/b.txt", "y");
        await _host.PutFileAsync("/c.txt", "z");
        await SetPropertyAsync("/a.txt", "moved");
        await SetPropertyAsync("/c.txt", "replaced");
        Assert.Equal(201, (await SendAsync("MOVE", "/a.txt", "/m.txt")).Status);
        Assert.Equal("moved", await PropertyAsync("/m.txt"));
        Assert.Null(await PropertyAsync("/a.txt"));
        Assert.Equal(204, (await SendAsync("COPY", "/b.txt", "/c.txt")).Status);
        Assert.Null(await PropertyAsync("/c.txt"));
    }

    private Task<DavResponse> SendAsync(string method, string source, string destination, params (string Name, string Value)[] headers) =>
        _host.SendAsync(method, source, headers: DavTestHost.Headers([("Destination", destination), .. headers]));

    private async Task MakeTreeAsync(string root)
    {
        await _host.MakeFolderAsync(root);
        await _host.MakeFolderAsync(root + "/sub");
        await _host.PutFileAsync(root + "/a.txt", "1");
        await _host.PutFileAsync(root + "/sub/b.txt", "2");
    }

    private Task SetPropertyAsync(string path, string value) =>
        _host.Properties.UpdateAsync(Key(path), [new StoredProperty(new PropertyName("urn:test", "p"), value)], [], CancellationToken.None).AsTask();

    private async Task<string?> PropertyAsync(string path) =>
        (await _host.Properties.GetAsync(Key(path), CancellationToken.None)).SingleOrDefault()?.ElementXml;

    private static LockKey Key(string path) => new("tree", VfsPath.Parse(path));
}
