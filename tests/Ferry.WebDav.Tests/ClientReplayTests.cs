using System.Text.RegularExpressions;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>
/// The request sequences of clients that cannot run here (docs/webdav-clients.md), replayed against
/// the engine: Windows Explorer's mini-redirector and macOS Finder. Every status along the way is
/// asserted, and the file at the end.
/// </summary>
public sealed partial class ClientReplayTests
{
    private const string Win32Properties = """
        <?xml version="1.0" encoding="utf-8" ?>
        <D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:schemas-microsoft-com:"><D:set><D:prop>
        <Z:Win32CreationTime>Wed, 02 Dec 2026 10:00:00 GMT</Z:Win32CreationTime>
        <Z:Win32LastAccessTime>Wed, 02 Dec 2026 10:00:00 GMT</Z:Win32LastAccessTime>
        <Z:Win32LastModifiedTime>Wed, 02 Dec 2026 10:00:00 GMT</Z:Win32LastModifiedTime>
        <Z:Win32FileAttributes>00000020</Z:Win32FileAttributes>
        </D:prop></D:set></D:propertyupdate>
        """;

    private const string ExclusiveLock = """
        <?xml version="1.0" encoding="utf-8" ?>
        <D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner><D:href>WORKGROUP\alice</D:href></D:owner></D:lockinfo>
        """;

    private readonly DavTestHost _host = new();

    [Fact]
    public async Task Windows_Explorer_saves_a_new_file()
    {
        await _host.MakeFolderAsync("/docs");
        var options = await _host.SendAsync("OPTIONS", "/");
        Assert.Equal(200, options.Status);
        Assert.Contains("2", options.Headers["DAV"].ToString());
        Assert.Equal("DAV", options.Headers["MS-Author-Via"].ToString());

        Assert.Equal(207, (await _host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "0")))).Status);
        Assert.Equal(207, (await _host.SendAsync("PROPFIND", "/docs", headers: DavTestHost.Headers(("Depth", "1")))).Status);
        Assert.Equal(201, (await _host.SendAsync("PUT", "/docs/report.txt", body: "")).Status);

        var token = await LockAsync("/docs/report.txt");
        var tagged = DavTestHost.Headers(("If", $"(<{token}>)"));
        var patched = await _host.SendAsync("PROPPATCH", "/docs/report.txt", body: Win32Properties, headers: tagged);
        Assert.Equal(207, patched.Status);
        Assert.DoesNotMatch(@"HTTP/1.1 (4|5)\d\d", patched.Body);

        Assert.InRange((await _host.SendAsync("PUT", "/docs/report.txt", body: "saved by Explorer", headers: tagged)).Status, 200, 204);
        Assert.Equal(204, (await _host.SendAsync("UNLOCK", "/docs/report.txt", headers: DavTestHost.Headers(("Lock-Token", $"<{token}>")))).Status);

        var found = await _host.SendAsync("PROPFIND", "/docs/report.txt", headers: DavTestHost.Headers(("Depth", "0")));
        Assert.Equal(207, found.Status);
        Assert.Contains("17</", found.Body);
        Assert.Contains("Win32FileAttributes", found.Body);
        Assert.Equal("saved by Explorer", await _host.ReadFileAsync("/docs/report.txt"));
    }

    [Fact]
    public async Task Windows_Explorer_renames_without_overwriting()
    {
        await _host.PutFileAsync("/a.txt", "a");
        await _host.PutFileAsync("/b.txt", "b");
        var refused = await _host.SendAsync("MOVE", "/a.txt", headers: DavTestHost.Headers(("Destination", "http://127.0.0.1:8080/b.txt"), ("Overwrite", "F")));
        Assert.Equal(412, refused.Status);
        Assert.Equal(201, (await _host.SendAsync("MOVE", "/a.txt", headers: DavTestHost.Headers(("Destination", "http://127.0.0.1:8080/c.txt"), ("Overwrite", "F")))).Status);
        Assert.Equal("a", await _host.ReadFileAsync("/c.txt"));
    }

    [Fact]
    public async Task macOS_Finder_copies_a_file_in_with_its_companions()
    {
        await _host.MakeFolderAsync("/docs");
        Assert.Equal(200, (await _host.SendAsync("OPTIONS", "/")).Status);
        Assert.Equal(207, (await _host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "0")))).Status);
        Assert.Equal(207, (await _host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "1")))).Status);
        Assert.Equal(404, (await _host.SendAsync("PROPFIND", "/._docs", headers: DavTestHost.Headers(("Depth", "0")))).Status);
        Assert.Equal(404, (await _host.SendAsync("PROPFIND", "/docs/.DS_Store", headers: DavTestHost.Headers(("Depth", "0")))).Status);
        Assert.Equal(404, (await _host.SendAsync("GET", "/.DS_Store")).Status);

        Assert.Equal(201, (await _host.SendAsync("PUT", "/docs/photo.jpg", body: "")).Status);
        var token = await LockAsync("/docs/photo.jpg");
        var photo = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        var put = await _host.SendAsync("PUT", "/docs/photo.jpg", bodyBytes: photo, chunked: true,
            headers: DavTestHost.Headers(("If", $"(<{token}>)"), ("X-Expected-Entity-Length", photo.Length.ToString())));
        Assert.InRange(put.Status, 200, 204);
        Assert.Equal(201, (await _host.SendAsync("PUT", "/docs/._photo.jpg", body: "AppleDouble")).Status);
        Assert.Equal(204, (await _host.SendAsync("UNLOCK", "/docs/photo.jpg", headers: DavTestHost.Headers(("Lock-Token", $"<{token}>")))).Status);
        Assert.Equal(201, (await _host.SendAsync("PUT", "/docs/.DS_Store", body: "settings")).Status);

        var get = await _host.SendAsync("GET", "/docs/photo.jpg");
        Assert.Equal(photo, get.Bytes);
        Assert.Equal("AppleDouble", await _host.ReadFileAsync("/docs/._photo.jpg"));
    }

    private async Task<string> LockAsync(string path)
    {
        var locked = await _host.SendAsync("LOCK", path, body: ExclusiveLock, headers: DavTestHost.Headers(("Timeout", "Second-3600"), ("Depth", "0")));
        Assert.Equal(200, locked.Status);
        var token = LockToken().Match(locked.Headers["Lock-Token"].ToString());
        Assert.True(token.Success, locked.ToString());
        return token.Groups[1].Value;
    }

    [GeneratedRegex("<(opaquelocktoken:[^>]+)>")]
    private static partial Regex LockToken();
}
