using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Ferry.Core.Paths;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class PropFindMethodTests
{
    private static readonly XNamespace Dav = MultiStatus.Dav;
    private static readonly XNamespace Example = "urn:example";

    private readonly DavTestHost _host = new();

    private static IEnumerable<KeyValuePair<string, string>> Depth(string depth) => DavTestHost.Headers(("Depth", depth));

    private static string PropBody(params string[] properties) =>
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\" xmlns:e=\"urn:example\"><D:prop>{string.Concat(properties)}</D:prop></D:propfind>";

    private Task<DavResponse> SetAsync(string target, string propertyXml) =>
        _host.SendAsync("PROPPATCH", target, $"<D:propertyupdate xmlns:D=\"DAV:\" xmlns:e=\"urn:example\"><D:set><D:prop>{propertyXml}</D:prop></D:set></D:propertyupdate>");

    [Fact]
    public async Task An_empty_body_is_allprop_with_the_live_properties_of_a_file()
    {
        await _host.PutFileAsync("/notes.txt", "hello");
        var entry = (await _host.Storage.StatAsync(VfsPath.Parse("/notes.txt"), default))!;

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/notes.txt", headers: Depth("0")));

        Assert.Equal(["/notes.txt"], result.Hrefs);
        Assert.Equal("5", result.Found("/notes.txt", Dav + "getcontentlength").Value);
        Assert.Empty(result.Found("/notes.txt", Dav + "resourcetype").Elements());
        Assert.Equal(Ferry.WebDav.Methods.EntityTags.For(entry), result.Found("/notes.txt", Dav + "getetag").Value);
        Assert.StartsWith("\"", Ferry.WebDav.Methods.EntityTags.For(entry));
        Assert.Equal("text/plain", result.Found("/notes.txt", Dav + "getcontenttype").Value);
        Assert.Equal("notes.txt", result.Found("/notes.txt", Dav + "displayname").Value);
        var modified = DateTimeOffset.ParseExact(result.Found("/notes.txt", Dav + "getlastmodified").Value, "R", CultureInfo.InvariantCulture);
        Assert.Equal(entry.LastModified.ToUnixTimeSeconds(), modified.ToUnixTimeSeconds());
        var created = DateTimeOffset.ParseExact(result.Found("/notes.txt", Dav + "creationdate").Value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal(entry.LastModified.ToUnixTimeSeconds(), created.ToUnixTimeSeconds());
        Assert.Equal(2, result.Found("/notes.txt", Dav + "supportedlock").Elements(Dav + "lockentry").Count());
        result.Found("/notes.txt", Dav + "lockdiscovery");
        Assert.Null(result.Find("/notes.txt", Dav + "quota-used-bytes"));
    }

    [Fact]
    public async Task Depth_1_lists_the_folder_and_its_members_with_collection_hrefs_ending_in_a_slash()
    {
        await _host.MakeFolderAsync("/docs");
        await _host.MakeFolderAsync("/docs/sub");
        await _host.PutFileAsync("/docs/a b.txt", "x");
        await _host.PutFileAsync("/docs/sub/deeper.txt", "x");

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/docs/", headers: Depth("1")));

        Assert.Equal(["/docs/", "/docs/a%20b.txt", "/docs/sub/"], result.Hrefs.Order(StringComparer.Ordinal));
        Assert.NotNull(result.Found("/docs/", Dav + "resourcetype").Element(Dav + "collection"));
        Assert.NotNull(result.Found("/docs/sub/", Dav + "resourcetype").Element(Dav + "collection"));
        Assert.Null(result.Find("/docs/", Dav + "getcontentlength"));
        Assert.Null(result.Find("/docs/", Dav + "getcontenttype"));
        Assert.Equal("1", result.Found("/docs/a%20b.txt", Dav + "getcontentlength").Value);
    }

    [Fact]
    public async Task Depth_0_on_a_folder_answers_for_the_folder_alone()
    {
        await _host.MakeFolderAsync("/docs");
        await _host.PutFileAsync("/docs/a.txt", "x");

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/docs", headers: Depth("0")));

        Assert.Equal(["/docs/"], result.Hrefs);
    }

    [Fact]
    public async Task Named_properties_come_back_with_200_and_unknown_ones_with_404()
    {
        await _host.PutFileAsync("/f.bin", "abc");
        await SetAsync("/f.bin", "<e:colour>blue</e:colour>");

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/f.bin", PropBody(
            "<D:getcontentlength/>", "<e:colour/>", "<e:missing/>", "<D:quota-available-bytes/>", "<nons xmlns=\"\"/>"), Depth("0")));

        Assert.Equal("3", result.Found("/f.bin", Dav + "getcontentlength").Value);
        Assert.Equal("blue", result.Found("/f.bin", Example + "colour").Value);
        Assert.Equal(404, result.StatusOf("/f.bin", Example + "missing"));
        Assert.Equal(404, result.StatusOf("/f.bin", Dav + "quota-available-bytes"));
        Assert.Equal(404, result.StatusOf("/f.bin", "nons"));
        Assert.Null(result.Find("/f.bin", Dav + "getetag"));
    }

    [Fact]
    public async Task A_file_property_asked_of_a_folder_is_404()
    {
        await _host.MakeFolderAsync("/d");

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/d/", PropBody("<D:getcontentlength/>", "<D:resourcetype/>"), Depth("0")));

        Assert.Equal(404, result.StatusOf("/d/", Dav + "getcontentlength"));
        Assert.Equal(200, result.StatusOf("/d/", Dav + "resourcetype"));
    }

    [Fact]
    public async Task Propname_lists_names_without_values()
    {
        await _host.PutFileAsync("/f.txt", "abc");
        await SetAsync("/f.txt", "<e:colour>blue</e:colour>");

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/f.txt",
            "<D:propfind xmlns:D=\"DAV:\"><D:propname/></D:propfind>", Depth("0")));

        Assert.Empty(result.Found("/f.txt", Dav + "getcontentlength").Nodes());
        Assert.Empty(result.Found("/f.txt", Dav + "supportedlock").Nodes());
        Assert.Empty(result.Found("/f.txt", Example + "colour").Nodes());
    }

    [Fact]
    public async Task Allprop_includes_dead_properties_and_include_asks_for_more()
    {
        await _host.PutFileAsync("/f.txt", "abc");
        await SetAsync("/f.txt", "<e:colour>blue</e:colour>");

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/f.txt",
            "<D:propfind xmlns:D=\"DAV:\"><D:allprop/><D:include><D:quota-used-bytes/><D:getetag/></D:include></D:propfind>", Depth("0")));

        Assert.Equal("blue", result.Found("/f.txt", Example + "colour").Value);
        Assert.Equal(404, result.StatusOf("/f.txt", Dav + "quota-used-bytes"));
        Assert.Single(result.Response("/f.txt").Descendants(Dav + "getetag"));
    }

    [Fact]
    public async Task Depth_1_shows_each_members_dead_properties()
    {
        await _host.MakeFolderAsync("/d");
        await _host.PutFileAsync("/d/a", "a");
        await _host.PutFileAsync("/d/b", "b");
        await SetAsync("/d/a", "<e:colour>red</e:colour>");
        await SetAsync("/d", "<e:colour>folder</e:colour>");

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/d/", PropBody("<e:colour/>"), Depth("1")));

        Assert.Equal("folder", result.Found("/d/", Example + "colour").Value);
        Assert.Equal("red", result.Found("/d/a", Example + "colour").Value);
        Assert.Equal(404, result.StatusOf("/d/b", Example + "colour"));
    }

    [Fact]
    public async Task Without_a_depth_the_walk_is_refused_with_propfind_finite_depth()
    {
        var response = await _host.SendAsync("PROPFIND", "/");

        Assert.Equal(403, response.Status);
        var error = XDocument.Parse(response.Body).Root!;
        Assert.Equal(Dav + "error", error.Name);
        Assert.NotNull(error.Element(Dav + "propfind-finite-depth"));
    }

    [Fact]
    public async Task Depth_infinity_walks_the_tree_when_allowed()
    {
        var host = new DavTestHost(new WebDavOptions { AllowInfiniteDepth = true });
        await host.MakeFolderAsync("/a");
        await host.MakeFolderAsync("/a/b");
        await host.PutFileAsync("/a/b/c.txt", "c");

        var result = MultiStatus.Parse(await host.SendAsync("PROPFIND", "/a/", headers: Depth("infinity")));

        Assert.Equal(["/a/", "/a/b/", "/a/b/c.txt"], result.Hrefs);
    }

    [Fact]
    public async Task A_missing_resource_is_404()
    {
        var response = await _host.SendAsync("PROPFIND", "/nothing", headers: Depth("0"));

        Assert.Equal(404, response.Status);
    }

    [Fact]
    public async Task A_depth_that_is_no_depth_is_400()
    {
        var response = await _host.SendAsync("PROPFIND", "/", headers: Depth("2"));

        Assert.Equal(400, response.Status);
    }

    [Theory]
    [InlineData("<foo>")]
    [InlineData("<D:propfind xmlns:D=\"DAV:\"><D:prop><bar:foo xmlns:bar=\"\"/></D:prop></D:propfind>")]
    [InlineData("<D:propfind xmlns:D=\"DAV:\"><D:prop><x:foo/></D:prop></D:propfind>")]
    [InlineData("<propfind><prop><getetag/></prop></propfind>")]
    [InlineData("<D:propfind xmlns:D=\"DAV:\"/>")]
    [InlineData("<D:propfind xmlns:D=\"DAV:\"><D:allprop/><D:propname/></D:propfind>")]
    [InlineData("<D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind><trailing/>")]
    public async Task A_body_that_is_no_sound_propfind_is_400(string body)
    {
        var response = await _host.SendAsync("PROPFIND", "/", body, Depth("0"));

        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task A_body_whose_declaration_the_XML_reader_fails_on_is_400_not_500()
    {
        // More bytes beyond ASCII in the version than follow the declaration (see DavXml.IsUnreadableBody).
        var body = "<?xml version=\"1.0" + new string('\u00b7', 200) + "\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>";

        var response = await _host.SendAsync("PROPFIND", "/", body, Depth("0"));

        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task A_billion_laughs_body_is_refused_without_expansion()
    {
        var body = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        body.Append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (var i = 2; i <= 9; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        body.Append("]><D:propfind xmlns:D=\"DAV:\"><D:prop><D:displayname>&lol9;</D:displayname></D:prop></D:propfind>");

        var response = await _host.SendAsync("PROPFIND", "/", body.ToString(), Depth("0"));

        Assert.Equal(400, response.Status);
        Assert.Contains("DTD", response.Body);
    }

    [Fact]
    public async Task A_body_nested_deeper_than_the_bound_is_400()
    {
        var host = new DavTestHost(new WebDavOptions { MaxXmlDepth = 8 });
        var body = "<D:propfind xmlns:D=\"DAV:\"><D:prop>" + string.Concat(Enumerable.Repeat("<x>", 10)) + string.Concat(Enumerable.Repeat("</x>", 10)) + "</D:prop></D:propfind>";

        var response = await host.SendAsync("PROPFIND", "/", body, Depth("0"));

        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task A_body_with_more_elements_than_the_bound_is_413()
    {
        var host = new DavTestHost(new WebDavOptions { MaxXmlElements = 50 });
        var body = "<D:propfind xmlns:D=\"DAV:\"><D:prop>" + string.Concat(Enumerable.Repeat("<D:getetag/>", 60)) + "</D:prop></D:propfind>";

        var response = await host.SendAsync("PROPFIND", "/", body, Depth("0"));

        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task A_body_larger_than_the_bound_is_413()
    {
        var host = new DavTestHost(new WebDavOptions { MaxXmlBodyBytes = 1024 });
        var body = "<D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>" + new string(' ', 2000);

        var response = await host.SendAsync("PROPFIND", "/", body, Depth("0"));

        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task An_unknown_element_beside_allprop_is_ignored()
    {
        var response = await _host.SendAsync("PROPFIND", "/", "<?xml version=\"1.0\" encoding=\"utf-8\" ?><propfind xmlns=\"DAV:\"><foobar/><allprop/></propfind>", Depth("0"));

        Assert.Equal(["/"], MultiStatus.Parse(response).Hrefs);
    }

    [Fact]
    public async Task Hrefs_carry_the_prefix_and_escape_names()
    {
        var host = new DavTestHost(new WebDavOptions { Prefix = "/dav/" });
        await host.PutFileAsync("/caf\u00e9 & co.txt", "x");

        var result = MultiStatus.Parse(await host.SendAsync("PROPFIND", "/dav/", headers: Depth("1")));

        Assert.Contains("/dav/caf%C3%A9%20%26%20co.txt", result.Hrefs);
        Assert.Contains("/dav/", result.Hrefs);
    }

    [Fact]
    public async Task Accounts_whose_homes_overlap_see_one_files_properties()
    {
        await _host.MakeFolderAsync("/bob");
        await _host.PutFileAsync("/bob/shared.txt", "x");
        Assert.Equal(207, (await SetAsync("/bob/shared.txt", "<e:colour>green</e:colour>")).Status);

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/", PropBody("<e:colour/>"), Depth("1"), user: DavTestHost.Bob));

        Assert.Equal("green", result.Found("/shared.txt", Example + "colour").Value);
    }

    [Fact]
    public async Task A_client_set_displayname_replaces_the_name()
    {
        await _host.PutFileAsync("/f.txt", "x");
        Assert.Equal(207, (await SetAsync("/f.txt", "<D:displayname>My notes</D:displayname>")).Status);

        var named = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/f.txt", PropBody("<D:displayname/>"), Depth("0")));
        var all = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/f.txt", headers: Depth("0")));

        Assert.Equal("My notes", named.Found("/f.txt", Dav + "displayname").Value);
        Assert.Equal("My notes", Assert.Single(all.Response("/f.txt").Descendants(Dav + "displayname")).Value);
    }

    [Fact]
    public async Task A_listing_larger_than_the_write_buffer_arrives_whole_and_in_order()
    {
        await _host.MakeFolderAsync("/many");
        for (var i = 0; i < 1500; i++)
        {
            await _host.PutFileAsync($"/many/f{i:D5}", "x");
        }

        var response = await _host.SendAsync("PROPFIND", "/many/", headers: Depth("1"));

        Assert.True(response.Bytes.Length > 3 * 64 * 1024, $"only {response.Bytes.Length} bytes: the test must cross several drains");
        var result = MultiStatus.Parse(response);
        Assert.Equal(1501, result.Hrefs.Count);
        Assert.Equal(Enumerable.Range(0, 1500).Select(i => $"/many/f{i:D5}"), result.Hrefs.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_listing_that_must_be_awaited_arrives_whole_in_order_with_a_locked_member()
    {
        var host = new DavTestHost(storage: new YieldingListStorage(new Ferry.Core.Storage.Memory.InMemoryStorage(), every: 7));
        await host.MakeFolderAsync("/many");
        for (var i = 0; i < 1500; i++)
        {
            await host.PutFileAsync($"/many/f{i:D5}", "x");
        }

        var locked = await host.SendAsync("LOCK", "/many/f00700", LockBody, DavTestHost.Headers(("Timeout", "Second-600")));
        Assert.Equal(200, locked.Status);

        var response = await host.SendAsync("PROPFIND", "/many/", headers: Depth("1"));

        Assert.True(response.Bytes.Length > 3 * 64 * 1024, $"only {response.Bytes.Length} bytes: the test must cross several drains");
        var result = MultiStatus.Parse(response);
        Assert.Equal(Enumerable.Range(0, 1500).Select(i => $"/many/f{i:D5}"), result.Hrefs.Skip(1).Order(StringComparer.Ordinal));
        Assert.Single(result.Found("/many/f00700", Dav + "lockdiscovery").Elements(Dav + "activelock"));
        Assert.Empty(result.Found("/many/f00701", Dav + "lockdiscovery").Elements());
    }

    [Fact]
    public async Task A_member_under_a_lock_shows_it_in_lockdiscovery_and_its_siblings_show_none()
    {
        await _host.MakeFolderAsync("/docs");
        await _host.PutFileAsync("/docs/locked.txt", "x");
        await _host.PutFileAsync("/docs/free.txt", "x");
        var locked = await _host.SendAsync("LOCK", "/docs/locked.txt", LockBody, DavTestHost.Headers(("Timeout", "Second-600")));
        Assert.Equal(200, locked.Status);
        var token = locked.Headers["Lock-Token"].ToString().Trim('<', '>');

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/docs/", headers: Depth("1")));

        var active = Assert.Single(result.Found("/docs/locked.txt", Dav + "lockdiscovery").Elements(Dav + "activelock"));
        Assert.Equal(token, active.Element(Dav + "locktoken")!.Element(Dav + "href")!.Value);
        Assert.Empty(result.Found("/docs/free.txt", Dav + "lockdiscovery").Elements());
        Assert.Empty(result.Found("/docs/", Dav + "lockdiscovery").Elements());
    }

    [Fact]
    public async Task A_depth_infinity_lock_on_the_folder_shows_on_every_member()
    {
        await _host.MakeFolderAsync("/docs");
        await _host.PutFileAsync("/docs/a.txt", "x");
        await _host.MakeFolderAsync("/docs/sub");
        var locked = await _host.SendAsync("LOCK", "/docs/", LockBody, DavTestHost.Headers(("Timeout", "Second-600"), ("Depth", "infinity")));
        Assert.Equal(200, locked.Status);

        var result = MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/docs/", PropBody("<D:lockdiscovery/>"), Depth("1")));

        foreach (var href in new[] { "/docs/", "/docs/a.txt", "/docs/sub/" })
        {
            var active = Assert.Single(result.Found(href, Dav + "lockdiscovery").Elements(Dav + "activelock"));
            Assert.Equal("/docs/", active.Element(Dav + "lockroot")!.Element(Dav + "href")!.Value);
        }
    }

    private const string LockBody =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>me</D:owner></D:lockinfo>";
}
