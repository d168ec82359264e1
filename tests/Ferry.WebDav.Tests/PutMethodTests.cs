using System.Text;
using Ferry.Core.Access.Locks;
using Ferry.Core.Storage;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class PutMethodTests
{
    private readonly DavTestHost _host = new();

    [Fact]
    public async Task A_new_file_is_201_with_the_ETag_a_GET_then_shows()
    {
        var response = await _host.SendAsync("PUT", "/new.txt", "hello");
        Assert.Equal(201, response.Status);
        Assert.Equal("hello", await _host.ReadFileAsync("/new.txt"));
        var get = await _host.SendAsync("GET", "/new.txt");
        Assert.Equal(get.Headers.ETag.ToString(), response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task A_replaced_file_is_204()
    {
        await _host.PutFileAsync("/a.txt", "old");
        var response = await _host.SendAsync("PUT", "/a.txt", "new content");
        Assert.Equal(204, response.Status);
        Assert.Equal("new content", await _host.ReadFileAsync("/a.txt"));
        Assert.NotEqual(0, response.Headers.ETag.Count);
    }

    [Fact]
    public async Task An_empty_body_makes_an_empty_file()
    {
        Assert.Equal(201, (await _host.SendAsync("PUT", "/empty", "")).Status);
        Assert.Equal("", await _host.ReadFileAsync("/empty"));
    }

    [Fact]
    public async Task A_chunked_body_larger_than_the_copy_buffer_arrives_whole()
    {
        var content = new byte[(3 * 1024 * 1024) + 5];
        new Random(11).NextBytes(content);
        var response = await _host.SendStreamAsync("PUT", "/big.bin", new MemoryStream(content), contentLength: null);
        Assert.Equal(201, response.Status);
        var get = await _host.SendAsync("GET", "/big.bin");
        Assert.Equal(content, get.Bytes);
    }

    [Theory]
    [InlineData("/missing/a.txt")]
    [InlineData("/file.txt/a.txt")]
    public async Task A_missing_parent_is_409(string target)
    {
        await _host.PutFileAsync("/file.txt", "x");
        Assert.Equal(409, (await _host.SendAsync("PUT", target, "x")).Status);
    }

    [Fact]
    public async Task A_collection_is_405_with_Allow()
    {
        await _host.MakeFolderAsync("/coll");
        var response = await _host.SendAsync("PUT", "/coll/", "x");
        Assert.Equal(405, response.Status);
        Assert.DoesNotContain("PUT", response.Headers.Allow.ToString());
    }

    [Fact]
    public async Task Content_Range_is_refused_and_nothing_is_stored()
    {
        await _host.PutFileAsync("/a.txt", "0123456789");
        var response = await _host.SendAsync("PUT", "/a.txt", "ab", DavTestHost.Headers(("Content-Range", "bytes 2-3/10")));
        Assert.Equal(400, response.Status);
        Assert.Equal("0123456789", await _host.ReadFileAsync("/a.txt"));
    }

    [Fact]
    public async Task If_None_Match_star_refuses_to_replace_and_lets_a_new_file_be_made()
    {
        await _host.PutFileAsync("/a.txt", "old");
        Assert.Equal(412, (await _host.SendAsync("PUT", "/a.txt", "new", DavTestHost.Headers(("If-None-Match", "*")))).Status);
        Assert.Equal("old", await _host.ReadFileAsync("/a.txt"));
        Assert.Equal(201, (await _host.SendAsync("PUT", "/b.txt", "new", DavTestHost.Headers(("If-None-Match", "*")))).Status);
    }

    [Fact]
    public async Task If_Match_replaces_only_the_version_it_names()
    {
        await _host.PutFileAsync("/a.txt", "v1");
        var tag = (await _host.SendAsync("GET", "/a.txt")).Headers.ETag.ToString();
        await _host.PutFileAsync("/a.txt", "v2");
        Assert.Equal(412, (await _host.SendAsync("PUT", "/a.txt", "v3", DavTestHost.Headers(("If-Match", tag)))).Status);
        Assert.Equal("v2", await _host.ReadFileAsync("/a.txt"));
        var current = (await _host.SendAsync("GET", "/a.txt")).Headers.ETag.ToString();
        Assert.Equal(204, (await _host.SendAsync("PUT", "/a.txt", "v3", DavTestHost.Headers(("If-Match", current)))).Status);
        Assert.Equal(412, (await _host.SendAsync("PUT", "/nothing.txt", "v3", DavTestHost.Headers(("If-Match", "*")))).Status);
    }

    [Fact]
    public async Task A_file_another_client_made_after_the_look_is_replaced_unless_If_None_Match_star()
    {
        var guarded = new DavTestHost(storage: new LateFileStorage(new Ferry.Core.Storage.Memory.InMemoryStorage(), Ferry.Core.Paths.VfsPath.Parse("/a.txt"), "theirs"));
        Assert.Equal(412, (await guarded.SendAsync("PUT", "/a.txt", "mine", DavTestHost.Headers(("If-None-Match", "*")))).Status);
        Assert.Equal("theirs", await guarded.ReadFileAsync("/a.txt"));

        var plain = new DavTestHost(storage: new LateFileStorage(new Ferry.Core.Storage.Memory.InMemoryStorage(), Ferry.Core.Paths.VfsPath.Parse("/a.txt"), "theirs"));
        Assert.Equal(204, (await plain.SendAsync("PUT", "/a.txt", "mine")).Status);
        Assert.Equal("mine", await plain.ReadFileAsync("/a.txt"));
    }

    [Fact]
    public async Task A_body_shorter_than_its_Content_Length_is_not_stored()
    {
        await _host.PutFileAsync("/a.txt", "old");
        var response = await _host.SendStreamAsync("PUT", "/a.txt", new MemoryStream(Encoding.UTF8.GetBytes("short")), contentLength: 100);
        Assert.Equal(400, response.Status);
        Assert.Equal("old", await _host.ReadFileAsync("/a.txt"));
        Assert.Equal(400, (await _host.SendStreamAsync("PUT", "/b.txt", new MemoryStream(Encoding.UTF8.GetBytes("short")), contentLength: 100)).Status);
        Assert.Null(await _host.ReadFileAsync("/b.txt"));
    }

    [Fact]
    public async Task A_body_that_breaks_half_way_leaves_the_old_file_and_no_new_one()
    {
        await _host.PutFileAsync("/a.txt", "old");
        var broken = await _host.SendStreamAsync("PUT", "/a.txt", new BreakingStream(5000, new IOException("connection reset")), contentLength: 10_000);
        Assert.Equal(400, broken.Status);
        Assert.Equal("old", await _host.ReadFileAsync("/a.txt"));
        await _host.SendStreamAsync("PUT", "/b.txt", new BreakingStream(5000, new IOException("connection reset")), contentLength: null);
        Assert.Null(await _host.ReadFileAsync("/b.txt"));
    }

    [Fact]
    public async Task A_reserved_name_cannot_be_written()
    {
        var response = await _host.SendAsync("PUT", "/" + ReservedNames.Prefix + "x", "sneaky");
        Assert.Equal(403, response.Status);
        Assert.Null(await _host.ReadFileAsync("/" + ReservedNames.Prefix + "x"));
    }

    [Fact]
    public async Task A_file_locked_by_another_is_423_and_unchanged()
    {
        await _host.PutFileAsync("/a.txt", "old");
        await _host.LockAsync("/a.txt");
        Assert.Equal(423, (await _host.SendAsync("PUT", "/a.txt", "new")).Status);
        Assert.Equal("old", await _host.ReadFileAsync("/a.txt"));
    }

    [Fact]
    public async Task A_new_file_in_a_locked_collection_is_423()
    {
        await _host.MakeFolderAsync("/locked");
        await _host.LockAsync("/locked", LockDepth.Zero);
        Assert.Equal(423, (await _host.SendAsync("PUT", "/locked/new.txt", "x")).Status);
        Assert.Null(await _host.ReadFileAsync("/locked/new.txt"));
    }
}
