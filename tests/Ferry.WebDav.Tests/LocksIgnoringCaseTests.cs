using Ferry.Core.Storage.Memory;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>
/// On storage that ignores case (NTFS, APFS) one file has many spellings: a lock bob takes on
/// "/Plan.txt" (alice's "/bob/Plan.txt") binds alice's PUT to "/bob/PLAN.txt". Where case is kept,
/// those are two files and the PUT goes through.
/// </summary>
public sealed class LocksIgnoringCaseTests
{
    private const string ExclusiveLock = """
        <?xml version="1.0" encoding="utf-8" ?>
        <D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>bob</D:owner></D:lockinfo>
        """;

    [Theory]
    [InlineData(true, 423)]
    [InlineData(false, 201)]
    public async Task A_lock_under_one_spelling_binds_a_PUT_under_another_only_where_case_is_ignored(bool ignoresCase, int expected)
    {
        var host = new DavTestHost(storage: new InMemoryStorage { IgnoresCase = ignoresCase });
        Assert.Equal(201, (await host.SendAsync("MKCOL", "/bob/")).Status);
        await host.PutFileAsync("/bob/Plan.txt", "v1");
        var locked = await host.SendAsync("LOCK", "/Plan.txt", body: ExclusiveLock, user: DavTestHost.Bob, headers: DavTestHost.Headers(("Depth", "0")));
        Assert.Equal(200, locked.Status);

        var put = await host.SendAsync("PUT", "/bob/PLAN.txt", body: "v2");

        Assert.Equal(expected, put.Status);
        Assert.Equal("v1", await host.ReadFileAsync("/bob/Plan.txt"));
    }

    [Fact]
    public async Task Lock_discovery_shows_the_root_in_the_spelling_the_lock_was_taken_with()
    {
        var host = new DavTestHost(storage: new InMemoryStorage { IgnoresCase = true });
        Assert.Equal(201, (await host.SendAsync("MKCOL", "/bob/")).Status);
        await host.PutFileAsync("/bob/Plan.txt", "v1");
        Assert.Equal(200, (await host.SendAsync("LOCK", "/Plan.txt", body: ExclusiveLock, user: DavTestHost.Bob, headers: DavTestHost.Headers(("Depth", "0")))).Status);

        var found = await host.SendAsync("PROPFIND", "/bob/Plan.txt", body: """<D:propfind xmlns:D="DAV:"><D:prop><D:lockdiscovery/></D:prop></D:propfind>""", headers: DavTestHost.Headers(("Depth", "0")));

        Assert.Equal(207, found.Status);
        Assert.Contains("<D:lockroot><D:href>/bob/Plan.txt</D:href></D:lockroot>", found.Body, StringComparison.Ordinal);
    }
}
