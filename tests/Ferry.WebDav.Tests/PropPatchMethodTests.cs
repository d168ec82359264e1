using System.Text;
using System.Xml.Linq;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class PropPatchMethodTests
{
    private const string Ns = "http://webdav.org/neon/litmus/";
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>";

    private static readonly XNamespace Dav = MultiStatus.Dav;
    private static readonly XNamespace Litmus = Ns;

    private readonly DavTestHost _host = new();

    private Task<DavResponse> PatchAsync(string body, string target = "/prop") => _host.SendAsync("PROPPATCH", target, body);

    private async Task<MultiStatus> GetAsync(params XName[] names)
    {
        var prop = string.Concat(names.Select(name => name.NamespaceName.Length == 0 ? $"<{name.LocalName} xmlns=\"\"/>" : $"<{name.LocalName} xmlns=\"{name.NamespaceName}\"/>"));
        return MultiStatus.Parse(await _host.SendAsync("PROPFIND", "/prop", $"<D:propfind xmlns:D=\"DAV:\"><D:prop>{prop}</D:prop></D:propfind>", DavTestHost.Headers(("Depth", "0"))));
    }

    private static string Set(string properties) => $"{Declaration}<propertyupdate xmlns='DAV:'><set><prop>{properties}</prop></set></propertyupdate>";

    public PropPatchMethodTests()
    {
        _host.PutFileAsync("/prop", "foo").GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Set_properties_are_answered_with_207_and_read_back()
    {
        var response = await PatchAsync(Set($"<a xmlns='{Ns}'>value0</a><b xmlns='{Ns}'>value1</b>"));

        var result = MultiStatus.Parse(response);
        Assert.Equal(200, result.StatusOf("/prop", Litmus + "a"));
        Assert.Equal(200, result.StatusOf("/prop", Litmus + "b"));
        var found = await GetAsync(Litmus + "a", Litmus + "b");
        Assert.Equal("value0", found.Found("/prop", Litmus + "a").Value);
        Assert.Equal("value1", found.Found("/prop", Litmus + "b").Value);
    }

    [Fact]
    public async Task Remove_then_set_in_one_body_ends_set_to_the_last_value()
    {
        var response = await PatchAsync($"{Declaration}<propertyupdate xmlns='DAV:'>" +
            $"<remove><prop><removeset xmlns='{Ns}'/></prop></remove>" +
            $"<set><prop><removeset xmlns='{Ns}'>x</removeset></prop></set>" +
            $"<set><prop><removeset xmlns='{Ns}'>y</removeset></prop></set></propertyupdate>");

        Assert.Equal(207, response.Status);
        Assert.Equal("y", (await GetAsync(Litmus + "removeset")).Found("/prop", Litmus + "removeset").Value);
    }

    [Fact]
    public async Task Set_then_remove_in_one_body_ends_removed()
    {
        await PatchAsync(Set($"<removeset xmlns='{Ns}'>old</removeset>"));

        var response = await PatchAsync($"{Declaration}<propertyupdate xmlns='DAV:'>" +
            $"<set><prop><removeset xmlns='{Ns}'>x</removeset></prop></set>" +
            $"<remove><prop><removeset xmlns='{Ns}'/></prop></remove></propertyupdate>");

        Assert.Equal(207, response.Status);
        Assert.Equal(404, (await GetAsync(Litmus + "removeset")).StatusOf("/prop", Litmus + "removeset"));
    }

    [Fact]
    public async Task A_value_keeps_mixed_content_nested_elements_namespaces_and_language()
    {
        var body = $"{Declaration}<D:propertyupdate xmlns:D='DAV:' xmlns:z='urn:z'><D:set><D:prop xml:lang='fr'>" +
            $"<t:rich xmlns:t='{Ns}' t:flag='1'>Text <z:b>bold <i xmlns='urn:i'>and</i></z:b> tail &amp; &lt;more&gt;</t:rich>" +
            "</D:prop></D:set></D:propertyupdate>";

        Assert.Equal(207, (await PatchAsync(body)).Status);

        var rich = (await GetAsync(Litmus + "rich")).Found("/prop", Litmus + "rich");
        Assert.Equal("fr", rich.Attribute(XNamespace.Xml + "lang")?.Value);
        Assert.Equal("1", rich.Attribute(Litmus + "flag")?.Value);
        Assert.Equal("Text bold and tail & <more>", rich.Value);
        var bold = Assert.Single(rich.Elements(XNamespace.Get("urn:z") + "b"));
        Assert.Single(bold.Elements(XNamespace.Get("urn:i") + "i"));
    }

    [Fact]
    public async Task A_character_beyond_the_BMP_round_trips_as_UTF8()
    {
        Assert.Equal(207, (await PatchAsync(Set($"<high-unicode xmlns='{Ns}'>&#65536;</high-unicode>"))).Status);

        var response = await _host.SendAsync("PROPFIND", "/prop", $"<propfind xmlns='DAV:'><prop><high-unicode xmlns='{Ns}'/></prop></propfind>", DavTestHost.Headers(("Depth", "0")));

        Assert.Equal("\U00010000", MultiStatus.Parse(response).Found("/prop", Litmus + "high-unicode").Value);
        Assert.Contains(Encoding.UTF8.GetString([0xF0, 0x90, 0x80, 0x80]), response.Body);
    }

    [Fact]
    public async Task A_property_in_no_namespace_is_kept_apart()
    {
        Assert.Equal(207, (await PatchAsync($"{Declaration}<propertyupdate xmlns=\"DAV:\"><set><prop><nonamespace xmlns=\"\">randomvalue</nonamespace></prop></set></propertyupdate>")).Status);

        var found = await GetAsync("nonamespace", Dav + "nonamespace");

        Assert.Equal("randomvalue", found.Found("/prop", "nonamespace").Value);
        Assert.Equal(404, found.StatusOf("/prop", Dav + "nonamespace"));
    }

    [Fact]
    public async Task A_value_declaring_its_own_default_namespace_is_written_back_well_formed()
    {
        Assert.Equal(207, (await PatchAsync(Set($"<t:valnspace xmlns:t='{Ns}'><foo xmlns='http://bar'/></t:valnspace>"))).Status);

        var found = (await GetAsync(Litmus + "valnspace")).Found("/prop", Litmus + "valnspace");

        Assert.Single(found.Elements(XNamespace.Get("http://bar") + "foo"));
    }

    [Fact]
    public async Task Ten_namespaces_with_one_local_name_are_ten_properties()
    {
        var names = Enumerable.Range(0, 10).Select(i => XNamespace.Get($"http://example.com/{i}") + "somename").ToArray();
        var body = $"{Declaration}<D:propertyupdate xmlns:D='DAV:'><D:set><D:prop>" +
            string.Concat(names.Select((name, i) => $"<ns{i}:somename xmlns:ns{i}='{name.NamespaceName}'>manynsvalue{i}</ns{i}:somename>")) +
            "</D:prop></D:set></D:propertyupdate>";

        Assert.Equal(207, (await PatchAsync(body)).Status);

        var found = await GetAsync(names);
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal($"manynsvalue{i}", found.Found("/prop", names[i]).Value);
        }
    }

    [Fact]
    public async Task A_protected_property_fails_with_403_and_the_others_with_424_and_nothing_changes()
    {
        await PatchAsync(Set($"<keep xmlns='{Ns}'>before</keep>"));

        var response = await PatchAsync(Set($"<keep xmlns='{Ns}'>after</keep><getetag xmlns='DAV:'>\"x\"</getetag><new xmlns='{Ns}'>n</new>"));

        var result = MultiStatus.Parse(response);
        Assert.Equal(403, result.StatusOf("/prop", Dav + "getetag"));
        Assert.Equal(424, result.StatusOf("/prop", Litmus + "keep"));
        Assert.Equal(424, result.StatusOf("/prop", Litmus + "new"));
        var forbidden = result.Response("/prop").Elements(Dav + "propstat").Single(propstat => propstat.Element(Dav + "prop")!.Element(Dav + "getetag") is not null);
        Assert.NotNull(forbidden.Element(Dav + "error")?.Element(Dav + "cannot-modify-protected-property"));
        var after = await GetAsync(Litmus + "keep", Litmus + "new");
        Assert.Equal("before", after.Found("/prop", Litmus + "keep").Value);
        Assert.Equal(404, after.StatusOf("/prop", Litmus + "new"));
    }

    [Fact]
    public async Task Removing_a_live_property_is_refused_too()
    {
        var result = MultiStatus.Parse(await PatchAsync($"{Declaration}<propertyupdate xmlns='DAV:'><remove><prop><resourcetype/></prop></remove></propertyupdate>"));

        Assert.Equal(403, result.StatusOf("/prop", Dav + "resourcetype"));
    }

    [Fact]
    public async Task A_locked_resource_is_not_changed_without_its_token()
    {
        var taken = await _host.Locks.TakeAsync(new LockRequest(new LockKey("tree", VfsPath.Parse("/prop")), LockScope.Exclusive, LockDepth.Zero, DavTestHost.Bob, TimeSpan.FromMinutes(5)), default);
        Assert.Equal(LockOutcome.Granted, taken.Outcome);

        var response = await PatchAsync(Set($"<a xmlns='{Ns}'>v</a>"));

        Assert.Equal(423, response.Status);
        Assert.Empty(await _host.Properties.GetAsync(new LockKey("tree", VfsPath.Parse("/prop")), default));
    }

    [Fact]
    public async Task A_missing_resource_is_404()
    {
        var response = await PatchAsync(Set($"<a xmlns='{Ns}'>v</a>"), target: "/nothing");

        Assert.Equal(404, response.Status);
    }

    [Fact]
    public async Task An_account_that_may_not_write_may_not_change_properties()
    {
        var host = new DavTestHost(alicePermissions: Permissions.ReadOnly);
        await host.PutFileAsync("/prop", "x");

        var response = await host.SendAsync("PROPPATCH", "/prop", Set($"<a xmlns='{Ns}'>v</a>"));

        Assert.Equal(403, response.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<propertyupdate xmlns='DAV:'><set><prop><a>")]
    [InlineData("<propertyupdate xmlns='DAV:'/>")]
    [InlineData("<propfind xmlns='DAV:'><allprop/></propfind>")]
    public async Task A_body_that_is_no_sound_propertyupdate_is_400_and_changes_nothing(string body)
    {
        var response = await PatchAsync(body);

        Assert.Equal(400, response.Status);
        Assert.Empty(await _host.Properties.GetAsync(new LockKey("tree", VfsPath.Parse("/prop")), default));
    }

    [Fact]
    public async Task A_folder_answers_with_its_collection_href()
    {
        await _host.MakeFolderAsync("/dir");

        var result = MultiStatus.Parse(await _host.SendAsync("PROPPATCH", "/dir", Set($"<a xmlns='{Ns}'>v</a>")));

        Assert.Equal(["/dir/"], result.Hrefs);
    }
}
