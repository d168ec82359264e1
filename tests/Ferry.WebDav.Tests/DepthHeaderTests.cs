using Ferry.Core.Paths;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>
/// One Depth parser for every method (RFC 4918 10.2: "0", "1" or "infinity"): a header that is
/// present but none of the three, an empty one included, is a malformed request (400), as Apache's
/// mod_dav answers, never silently taken for the method's default.
/// </summary>
public sealed class DepthHeaderTests
{
    /// <summary>
    /// "Depth:" with nothing after it. Kestrel keeps such a header with an empty value; the in-memory
    /// context drops an empty one, so a blank stands in (Kestrel trims header values the same way).
    /// </summary>
    private const string Empty = " ";

    private readonly DavTestHost _host = new();

    [Theory]
    [InlineData("PROPFIND", Empty)]
    [InlineData("PROPFIND", "2")]
    [InlineData("LOCK", Empty)]
    [InlineData("LOCK", "1")]
    [InlineData("DELETE", Empty)]
    [InlineData("COPY", Empty)]
    [InlineData("MOVE", Empty)]
    [InlineData("MOVE", "0")]
    public async Task A_depth_the_method_does_not_take_is_a_bad_request(string method, string depth)
    {
        await _host.MakeFolderAsync("/docs");
        var body = method == "LOCK"
            ? "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>"
            : null;

        var response = await _host.SendAsync(method, "/docs/", body,
            DavTestHost.Headers(("Depth", depth), ("Destination", "http://127.0.0.1:8080/copy/")));

        Assert.Equal(400, response.Status);
        Assert.True(await _host.Storage.StatAsync(VfsPath.Parse("/docs"), CancellationToken.None) is { IsDirectory: true }, "a refused request removed the folder");
    }

    [Theory]
    // PROPFIND's default is infinity, which this server refuses unless WebDav:AllowInfiniteDepth is set.
    [InlineData("PROPFIND", 403)]
    [InlineData("LOCK", 200)]
    [InlineData("DELETE", 204)]
    public async Task No_depth_is_the_method_s_default(string method, int status)
    {
        await _host.MakeFolderAsync("/docs");
        var body = method == "LOCK"
            ? "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>"
            : null;

        var response = await _host.SendAsync(method, "/docs/", body);

        Assert.Equal(status, response.Status);
    }
}
