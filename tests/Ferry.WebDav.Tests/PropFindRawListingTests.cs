using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Ferry.Core.Files;
using Ferry.Storage.Local;
using Ferry.Testing;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>
/// PROPFIND Depth 1 of a folder on local disk reads it through the raw listing, and writes the very
/// bytes the usual listing writes: the same folder is served by a host whose storage offers the raw
/// facet and by one whose storage does not, and both bodies must be equal, odd names included.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class PropFindRawListingTests : IDisposable
{
    private const string Named = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop>"
        + "<D:resourcetype/><D:getcontentlength/><D:getlastmodified/><D:getetag/><D:getcontenttype/></D:prop></D:propfind>";

    private const string EveryLive = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:prop>"
        + "<D:displayname/><D:creationdate/><D:resourcetype/><D:getcontentlength/><D:getlastmodified/><D:getetag/><D:getcontenttype/>"
        + "<D:supportedlock/><D:lockdiscovery/><D:quota-used-bytes/><D:quota-available-bytes/><Z:missing/><D:nosuch/></D:prop></D:propfind>";

    private const string AllPropInclude = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:allprop/>"
        + "<D:include><D:supportedlock/><Z:missing/></D:include></D:propfind>";

    private const string AllProp = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>";

    private const string PropName = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:propname/></D:propfind>";

    private readonly string _root = Directory.CreateTempSubdirectory("ferry-dav-rawlist-").FullName;
    private readonly LocalStorage _storage;
    private readonly CountingRawStorage<LocalStorage> _raw;
    private readonly DavTestHost _rawHost;
    private readonly DavTestHost _usualHost;
    private readonly RawNamedFiles _rawNames;

    public PropFindRawListingTests()
    {
        _rawNames = new RawNamedFiles(_root);
        _storage = new LocalStorage(_root, LocalStorageOptions.Default);
        _raw = new CountingRawStorage<LocalStorage>(_storage);
        _rawHost = new DavTestHost(storage: _raw);

        // A storage without the raw facet: PROPFIND lists the usual way (a FileEntry per member).
        _usualHost = new DavTestHost(storage: new YieldingListStorage(_storage, every: int.MaxValue));
        foreach (var host in new[] { _rawHost, _usualHost })
        {
            host.Access.Filter = new RequestFilter { HiddenSegments = ["private"] };
        }
    }

    public static TheoryData<string?> Bodies => new() { null, Named, EveryLive, AllProp, AllPropInclude, PropName };

    public void Dispose()
    {
        _rawNames.Dispose(); // before the folder: .NET could not delete those names

        _storage.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [GeneratedRegex("opaquelocktoken:[0-9a-f-]+")]
    private static partial Regex LockToken();

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_raw_listing_writes_the_bytes_the_usual_listing_writes(string? body)
    {
        MakeOddTree();

        var (raw, usual) = await BothAsync("/", body);

        Assert.Equal(207, raw.Status);
        Assert.Equal(usual.Body, raw.Body);
        Assert.Equal(1, _raw.Opened);
        Assert.Contains("<D:href>/100%25</D:href>", raw.Body, StringComparison.Ordinal);
        Assert.Contains("<D:href>/caf%25E9.txt</D:href>", raw.Body, StringComparison.Ordinal);
        Assert.Contains("<D:href>/caf%C3%A9%20%C3%BCn%C3%AF%20%E6%BC%A2%E5%AD%97/</D:href>", raw.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(".ferry-upload-", raw.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<D:href>/private</D:href>", raw.Body, StringComparison.Ordinal);
        Assert.Contains("<D:href>/private%20dir/</D:href>", raw.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_sub_folder_listed_raw_has_its_href_before_every_name(string? body)
    {
        MakeOddTree();
        File.WriteAllText(Path.Combine(_root, "caf\u00E9 \u00FCn\u00EF \u6F22\u5B57", "in <sub> & \"q\".txt"), "inner");

        var (raw, usual) = await BothAsync("/caf%C3%A9%20%C3%BCn%C3%AF%20%E6%BC%A2%E5%AD%97/", body);

        Assert.Equal(207, raw.Status);
        Assert.Equal(usual.Body, raw.Body);
        Assert.Equal(1, _raw.Opened);
        Assert.Contains("/caf%C3%A9%20%C3%BCn%C3%AF%20%E6%BC%A2%E5%AD%97/in%20%3Csub%3E%20%26%20%22q%22.txt</D:href>", raw.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AllProp)]
    [InlineData(PropName)]
    [InlineData(EveryLive)]
    public async Task A_member_with_stored_properties_is_written_as_the_usual_listing_writes_it(string body)
    {
        MakeOddTree();
        const string Patch = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:set><D:prop>"
            + "<Z:color>blue</Z:color><D:displayname>Shown &amp; chosen</D:displayname></D:prop></D:set></D:propertyupdate>";
        foreach (var host in new[] { _rawHost, _usualHost })
        {
            Assert.Equal(207, (await host.SendAsync("PROPPATCH", "/plain.txt", body: Patch)).Status);
        }

        var (raw, usual) = await BothAsync("/", body);

        Assert.Equal(usual.Body, raw.Body);
        Assert.Contains(body == PropName ? "<color xmlns=\"urn:z\" />" : "Shown &amp; chosen", raw.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AllProp)]
    [InlineData(EveryLive)]
    [InlineData(Named)]
    public async Task A_locked_member_shows_its_lock_as_the_usual_listing_shows_it(string body)
    {
        MakeOddTree();
        const string Lock = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
            + "<D:locktype><D:write/></D:locktype><D:owner>tester</D:owner></D:lockinfo>";
        foreach (var host in new[] { _rawHost, _usualHost })
        {
            Assert.Equal(200, (await host.SendAsync("LOCK", "/plain.txt", body: Lock, headers: DavTestHost.Headers(("Timeout", "Second-600")))).Status);
        }

        var (raw, usual) = await BothAsync("/", body);

        Assert.Equal(LockToken().Replace(usual.Body, "T"), LockToken().Replace(raw.Body, "T"));
    }

    [Fact]
    public async Task Depth_zero_lists_nothing()
    {
        MakeOddTree();

        var zero = await _rawHost.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "0")));

        Assert.Equal(207, zero.Status);
        Assert.Equal(0, _raw.Opened);
    }

    private async Task<(DavResponse Raw, DavResponse Usual)> BothAsync(string target, string? body)
    {
        var headers = DavTestHost.Headers(("Depth", "1"));
        var raw = await _rawHost.SendAsync("PROPFIND", target, body: body, headers: headers);
        var usual = await _usualHost.SendAsync("PROPFIND", target, body: body, headers: headers);
        return (raw, usual);
    }

    /// <summary>Names with spaces, '%', markup characters, UTF-8, bytes that are not UTF-8, folders, links, reserved and hidden names, files of several sizes and times.</summary>
    private void MakeOddTree()
    {
        foreach (var name in new[]
        {
            "plain.txt", "a b  c", "emoji 😀.png", "100%", "back\\slash", "line\nbreak", "c:drive", ".hidden", "tab\there",
            ".ferry-upload-x", "markup <a> & \"b\" 'c'.html", "UPPER.JPG", "noext", "dots.tar.gz", "trailing.", "x.verylongextensionthatnobodyknows",
            "private", "dotless\u0131.ico", "\u00E9t\u00E9.Css",
        })
        {
            File.WriteAllText(Path.Combine(_root, name), name);
        }

        Directory.CreateDirectory(Path.Combine(_root, "caf\u00E9 \u00FCn\u00EF \u6F22\u5B57"));
        Directory.CreateDirectory(Path.Combine(_root, "sub dir"));
        Directory.CreateDirectory(Path.Combine(_root, "private dir"));
        _rawNames.Create([0x63, 0x61, 0x66, 0xE9, 0x2E, 0x74, 0x78, 0x74]); // Latin-1 "café.txt": not UTF-8
        _rawNames.Create([0x78, 0xFF, 0xFE]);
        File.CreateSymbolicLink(Path.Combine(_root, "link-file"), "plain.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "link-dir"), "sub dir");
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), "nowhere");
        File.CreateSymbolicLink(Path.Combine(_root, "outside"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(_root, "link \u00E9"), "caf\u00E9 \u00FCn\u00EF \u6F22\u5B57");
        using (var big = File.Create(Path.Combine(_root, "big.bin")))
        {
            big.SetLength(5L << 32);
        }

        File.SetLastWriteTimeUtc(Path.Combine(_root, "plain.txt"), new DateTime(2019, 3, 5, 10, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(Path.Combine(_root, "noext"), new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567));
        File.SetLastWriteTimeUtc(Path.Combine(_root, "sub dir"), new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc));
    }

}
