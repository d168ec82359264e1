using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class MkColMethodTests
{
    private readonly DavTestHost _host = new();

    [Fact]
    public async Task A_new_collection_is_201()
    {
        Assert.Equal(201, (await _host.SendAsync("MKCOL", "/made/")).Status);
        Assert.True((await _host.Storage.StatAsync(VfsPath.Parse("/made"), CancellationToken.None))!.IsDirectory);
    }

    [Fact]
    public async Task Without_a_trailing_slash_too()
    {
        Assert.Equal(201, (await _host.SendAsync("MKCOL", "/made")).Status);
    }

    [Fact]
    public async Task An_existing_collection_or_file_is_405_with_Allow()
    {
        await _host.MakeFolderAsync("/coll");
        await _host.PutFileAsync("/file", "x");
        var again = await _host.SendAsync("MKCOL", "/coll/");
        Assert.Equal(405, again.Status);
        Assert.DoesNotContain("MKCOL", again.Headers.Allow.ToString());
        Assert.Equal(405, (await _host.SendAsync("MKCOL", "/file")).Status);
        Assert.Equal("x", await _host.ReadFileAsync("/file"));
    }

    [Theory]
    [InlineData("/missing/made/")]
    [InlineData("/file/made/")]
    public async Task A_missing_parent_is_409(string target)
    {
        await _host.PutFileAsync("/file", "x");
        Assert.Equal(409, (await _host.SendAsync("MKCOL", target)).Status);
    }

    [Fact]
    public async Task A_body_is_415_and_nothing_is_made()
    {
        var response = await _host.SendAsync("MKCOL", "/made/", "<x/>", DavTestHost.Headers(("Content-Type", "application/xml")));
        Assert.Equal(415, response.Status);
        Assert.Null(await _host.Storage.StatAsync(VfsPath.Parse("/made"), CancellationToken.None));
    }

    [Fact]
    public async Task A_chunked_body_is_415_too()
    {
        var response = await _host.SendStreamAsync("MKCOL", "/made/", new MemoryStream([1, 2, 3]), contentLength: null, headers: ("Transfer-Encoding", "chunked"));
        Assert.Equal(415, response.Status);
    }

    [Fact]
    public async Task An_empty_body_is_no_body()
    {
        Assert.Equal(201, (await _host.SendAsync("MKCOL", "/made/", "")).Status);
    }

    [Fact]
    public async Task A_reserved_name_is_refused()
    {
        Assert.Equal(403, (await _host.SendAsync("MKCOL", "/" + ReservedNames.Prefix + "dir/")).Status);
    }

    [Fact]
    public async Task Inside_a_collection_locked_by_another_is_423()
    {
        await _host.MakeFolderAsync("/locked");
        await _host.LockAsync("/locked");
        Assert.Equal(423, (await _host.SendAsync("MKCOL", "/locked/made/")).Status);
    }
}
