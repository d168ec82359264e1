using System.Runtime.Versioning;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Storage.Local;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>
/// GET and HEAD of a local disk's files, where a whole file is opened once and described from the
/// open file: the same answers as the look-up by name gives (validators, 304, 412, folders, missing
/// names, ranges, missing rights).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class GetMethodLocalStorageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ferry-dav-get-").FullName;
    private readonly LocalStorage _storage;

    public GetMethodLocalStorageTests()
    {
        _storage = new LocalStorage(_root, LocalStorageOptions.Default);
        Directory.CreateDirectory(Path.Combine(_root, "docs"));
        File.WriteAllText(Path.Combine(_root, "docs", "a.txt"), "hello, world");
    }

    public void Dispose()
    {
        _storage.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<string> StoredETagAsync() =>
        (await _storage.StatAsync(VfsPath.Parse("/docs/a.txt"), CancellationToken.None))!.ETag!;

    [Fact]
    public async Task A_whole_file_comes_with_the_validators_a_look_up_gives()
    {
        var host = new DavTestHost(storage: _storage);

        var get = await host.SendAsync("GET", "/docs/a.txt");

        Assert.Equal(200, get.Status);
        Assert.Equal("hello, world", get.Body);
        Assert.Equal(await StoredETagAsync(), get.Headers.ETag.ToString());
        Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(_root, "docs", "a.txt")).ToString("R"), get.Headers.LastModified.ToString());
        Assert.Equal("bytes", get.Headers.AcceptRanges.ToString());
        Assert.Equal(12, get.Headers.ContentLength);
    }

    [Fact]
    public async Task Preconditions_answer_from_the_opened_file()
    {
        var host = new DavTestHost(storage: _storage);
        var etag = await StoredETagAsync();

        var notModified = await host.SendAsync("GET", "/docs/a.txt", headers: DavTestHost.Headers(("If-None-Match", etag)));
        var failed = await host.SendAsync("GET", "/docs/a.txt", headers: DavTestHost.Headers(("If-Match", "\"other\"")));

        Assert.Equal(304, notModified.Status);
        Assert.Equal(etag, notModified.Headers.ETag.ToString());
        Assert.Empty(notModified.Bytes);
        Assert.Equal(412, failed.Status);
        Assert.Equal(etag, failed.Headers.ETag.ToString());
    }

    [Fact]
    public async Task HEAD_answers_the_headers_without_the_body()
    {
        var host = new DavTestHost(storage: _storage);

        var head = await host.SendAsync("HEAD", "/docs/a.txt");

        Assert.Equal(200, head.Status);
        Assert.Equal(12, head.Headers.ContentLength);
        Assert.Empty(head.Bytes);
    }

    [Theory]
    [InlineData("/docs/", 200)]
    [InlineData("/docs/missing.txt", 404)]
    [InlineData("/docs/a.txt/b", 404)]
    public async Task What_is_no_file_is_answered_the_usual_way(string target, int status)
    {
        var host = new DavTestHost(storage: _storage);

        var get = await host.SendAsync("GET", target);

        Assert.Equal(status, get.Status);
        if (status == 200)
        {
            Assert.Contains("a.txt", get.Body); // the folder's HTML listing
        }
    }

    [Fact]
    public async Task A_range_is_answered_the_usual_way()
    {
        var host = new DavTestHost(storage: _storage);

        var part = await host.SendAsync("GET", "/docs/a.txt", headers: DavTestHost.Headers(("Range", "bytes=7-")));

        Assert.Equal(206, part.Status);
        Assert.Equal("world", part.Body);
        Assert.Equal("bytes 7-11/12", part.Headers.ContentRange.ToString());
    }

    [Theory]
    [InlineData(Permissions.List)]
    [InlineData(Permissions.Read)]
    public async Task Without_List_or_Read_the_file_is_refused(Permissions rights)
    {
        var host = new DavTestHost(storage: _storage, alicePermissions: rights);

        var get = await host.SendAsync("GET", "/docs/a.txt");

        Assert.Equal(403, get.Status);
        Assert.DoesNotContain("hello", get.Body);
    }
}
