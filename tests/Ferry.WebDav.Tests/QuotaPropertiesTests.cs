using System.Xml.Linq;
using Ferry.Core.Identity;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>The account's quota over WebDAV: 507 for what does not fit, and the RFC 4331 properties.</summary>
public sealed class QuotaPropertiesTests
{
    private static readonly XNamespace Dav = MultiStatus.Dav;

    private const string QuotaProps = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:quota-available-bytes/><D:quota-used-bytes/></D:prop></D:propfind>";

    private static DavTestHost WithQuota(long? bytes, long? files) =>
        new(aliceLimits: AccountLimits.None with { Quota = new QuotaLimits(bytes, files) });

    private static IEnumerable<KeyValuePair<string, string>> Depth(string depth) => DavTestHost.Headers(("Depth", depth));

    [Fact]
    public async Task Propfind_shows_used_and_available_bytes_on_collections_only()
    {
        var host = WithQuota(1000, null);
        await host.MakeFolderAsync("/d");
        await host.PutFileAsync("/d/f.txt", new string('x', 300));

        var result = MultiStatus.Parse(await host.SendAsync("PROPFIND", "/", QuotaProps, Depth("1")));

        Assert.Equal("700", result.Found("/", Dav + "quota-available-bytes").Value);
        Assert.Equal("300", result.Found("/", Dav + "quota-used-bytes").Value);
        Assert.Equal("700", result.Found("/d/", Dav + "quota-available-bytes").Value);
        var file = MultiStatus.Parse(await host.SendAsync("PROPFIND", "/d/f.txt", QuotaProps, Depth("0")));
        Assert.Equal(404, file.StatusOf("/d/f.txt", Dav + "quota-used-bytes"));
    }

    [Fact]
    public async Task Allprop_leaves_the_quota_out_as_RFC_4331_asks()
    {
        var host = WithQuota(1000, null);
        var result = MultiStatus.Parse(await host.SendAsync("PROPFIND", "/", headers: Depth("0")));
        Assert.Null(result.Find("/", Dav + "quota-used-bytes"));
        Assert.Null(result.Find("/", Dav + "quota-available-bytes"));
    }

    [Fact]
    public async Task A_file_count_only_quota_shows_used_bytes_but_not_available_ones()
    {
        var host = WithQuota(null, 10);
        var result = MultiStatus.Parse(await host.SendAsync("PROPFIND", "/", QuotaProps, Depth("0")));
        Assert.Equal("0", result.Found("/", Dav + "quota-used-bytes").Value);
        Assert.Equal(404, result.StatusOf("/", Dav + "quota-available-bytes"));
    }

    [Fact]
    public async Task Without_a_quota_both_are_404()
    {
        var host = new DavTestHost();
        var result = MultiStatus.Parse(await host.SendAsync("PROPFIND", "/", QuotaProps, Depth("0")));
        Assert.Equal(404, result.StatusOf("/", Dav + "quota-used-bytes"));
        Assert.Equal(404, result.StatusOf("/", Dav + "quota-available-bytes"));
    }

    [Fact]
    public async Task A_put_past_the_byte_quota_is_507_saying_how_full_and_the_old_file_stays()
    {
        var host = WithQuota(1000, null);
        await host.PutFileAsync("/f.txt", "old");

        var response = await host.SendAsync("PUT", "/f.txt", new string('n', 2000));

        Assert.Equal(507, response.Status);
        Assert.Contains("Quota exceeded: 3 of 1000 bytes used.", response.Body, StringComparison.Ordinal);
        Assert.Equal("old", await host.ReadFileAsync("/f.txt"));
    }

    [Fact]
    public async Task A_new_file_or_collection_past_the_file_count_is_507_and_leaves_nothing()
    {
        var host = WithQuota(null, 1);
        await host.PutFileAsync("/a.txt", "a");

        Assert.Equal(507, (await host.SendAsync("PUT", "/b.txt", "b")).Status);
        Assert.Null(await host.ReadFileAsync("/b.txt"));
        Assert.Equal(507, (await host.SendAsync("MKCOL", "/d")).Status);
        Assert.Equal(204, (await host.SendAsync("PUT", "/a.txt", "replaced")).Status);
    }
}
