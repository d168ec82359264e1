using Ferry.Core.Paths;
using Ferry.WebDav.Paths;

namespace Ferry.WebDav.Tests;

public sealed class DavPathsTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a/b", "/a/b")]
    [InlineData("/a/b/", "/a/b")]
    [InlineData("/a//b", "/a/b")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/a%20b", "/a b")]
    [InlineData("/100%25", "/100%")]
    [InlineData("/%252e%252e", "/%2e%2e")]
    public void A_path_is_decoded_exactly_once(string raw, string expected)
    {
        Assert.Equal(PathOutcome.Decoded, DavPaths.TryDecode(raw, "/", out var path));
        Assert.Equal(VfsPath.Parse(expected).Segments, path.Segments);
    }

    [Theory]
    [InlineData("/..")]
    [InlineData("/a/../..")]
    [InlineData("/%2e%2e")]
    [InlineData("/%2E%2E/etc")]
    [InlineData("/..%2f..%2fetc")]
    [InlineData("/..%5c..%5cetc")]
    [InlineData("/a%5cb")]
    [InlineData("/a\\b")]
    [InlineData("/a%00b")]
    [InlineData("/a%2fb")]
    [InlineData("/%c0%ae%c0%ae")]
    [InlineData("/%e0%80%ae")]
    [InlineData("/%ff")]
    [InlineData("/%2")]
    [InlineData("/%zz")]
    [InlineData("/.")]
    [InlineData("a")]
    public void A_path_that_could_mean_anything_but_a_name_is_refused(string raw)
    {
        Assert.Equal(PathOutcome.Invalid, DavPaths.TryDecode(raw, "/", out _));
    }

    [Theory]
    [InlineData("/dav/a", "/a")]
    [InlineData("/dav/", "/")]
    [InlineData("/dav", "/")]
    public void A_prefix_is_taken_off(string raw, string expected)
    {
        Assert.Equal(PathOutcome.Decoded, DavPaths.TryDecode(raw, "/dav/", out var path));
        Assert.Equal(VfsPath.Parse(expected), path);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/davx/a")]
    [InlineData("/other")]
    public void A_path_outside_the_prefix_is_not_served(string raw)
    {
        Assert.Equal(PathOutcome.OutsidePrefix, DavPaths.TryDecode(raw, "/dav/", out _));
    }

    [Theory]
    [InlineData("/a b", false, "/a%20b")]
    [InlineData("/café/x", true, "/caf%C3%A9/x/")]
    [InlineData("/100%", false, "/100%25")]
    [InlineData("/", true, "/")]
    public void An_href_escapes_each_name(string path, bool collection, string expected)
    {
        Assert.Equal(expected, DavPaths.Href("/", VfsPath.Parse(path), collection));
    }

    [Fact]
    public void An_href_round_trips_through_decoding()
    {
        var path = VfsPath.Parse("/a b/ü?#%/x");
        Assert.Equal(PathOutcome.Decoded, DavPaths.TryDecode(DavPaths.Href("/dav/", path, false), "/dav/", out var decoded));
        Assert.Equal(path, decoded);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/a/b?x=1", "http", "127.0.0.1:8080", "/a/b")]
    [InlineData("https://host/", "https", "host", "/")]
    [InlineData("https://host", "https", "host", "/")]
    [InlineData("/a/b#frag", null, null, "/a/b")]
    public void A_target_splits_into_scheme_authority_and_path(string target, string? scheme, string? authority, string rawPath)
    {
        Assert.True(DavPaths.TrySplitTarget(target, out var s, out var a, out var p));
        Assert.Equal((scheme, authority, rawPath), (s, a, p));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("http:///a")]
    [InlineData("")]
    public void A_target_that_is_no_path_or_URI_is_refused(string target)
    {
        Assert.False(DavPaths.TrySplitTarget(target, out _, out _, out _));
    }
}
