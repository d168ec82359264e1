using System.Xml.Linq;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Testing;
using Ferry.WebDav.Locking;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class LockMethodTests
{
    private const string ExclusiveBody =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<lockinfo xmlns='DAV:'>\n <lockscope><exclusive/></lockscope>\n<locktype><write/></locktype><owner>litmus test suite</owner>\n</lockinfo>\n";

    private const string SharedBody =
        "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>";

    private static readonly XNamespace Dav = "DAV:";

    private readonly FakeClock _clock = new();
    private readonly DavTestHost _host;

    public LockMethodTests()
    {
        _host = new DavTestHost(time: _clock);
    }

    [Fact]
    public async Task A_lock_on_a_file_is_granted_with_its_token_and_lock_discovery()
    {
        await _host.PutFileAsync("/lockme", "foo");
        var response = await LockAsync("/lockme", ExclusiveBody, ("Depth", "0"), ("Timeout", "Second-3600"));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/xml", response.Headers.ContentType.ToString());
        var token = TokenOf(response);
        Assert.StartsWith("opaquelocktoken:", token);
        var active = ActiveLock(response);
        Assert.NotNull(active.Element(Dav + "locktype")!.Element(Dav + "write"));
        Assert.NotNull(active.Element(Dav + "lockscope")!.Element(Dav + "exclusive"));
        Assert.Equal("0", active.Element(Dav + "depth")!.Value);
        Assert.Equal("litmus test suite", active.Element(Dav + "owner")!.Value);
        Assert.Equal("Second-3600", active.Element(Dav + "timeout")!.Value);
        Assert.Equal(token, active.Element(Dav + "locktoken")!.Element(Dav + "href")!.Value);
        Assert.Equal("/lockme", active.Element(Dav + "lockroot")!.Element(Dav + "href")!.Value);
    }

    [Fact]
    public async Task The_lock_is_in_the_shared_table_owned_by_the_account()
    {
        await _host.PutFileAsync("/lockme", "foo");
        var token = TokenOf(await LockAsync("/lockme", ExclusiveBody));
        var held = Assert.Single(await _host.Locks.FindAsync(new LockKey("tree", VfsPath.Parse("/lockme")), LockDepth.Zero, CancellationToken.None));
        Assert.Equal(token, held.Token);
        Assert.Equal(DavTestHost.Alice, held.Owner);
        Assert.Equal(LockScope.Exclusive, held.Scope);
    }

    [Fact]
    public async Task Depth_defaults_to_infinity_and_1_is_refused()
    {
        await _host.MakeFolderAsync("/c");
        Assert.Equal("infinity", ActiveLock(await LockAsync("/c/", ExclusiveBody)).Element(Dav + "depth")!.Value);
        Assert.Equal(400, (await LockAsync("/d", ExclusiveBody, ("Depth", "1"))).Status);
        Assert.Equal(400, (await LockAsync("/d", ExclusiveBody, ("Depth", "2"))).Status);
    }

    [Fact]
    public async Task A_collection_lock_shows_its_root_as_a_collection()
    {
        await _host.MakeFolderAsync("/lockcoll");
        var response = await LockAsync("/lockcoll/", ExclusiveBody, ("Depth", "infinity"));
        Assert.Equal(200, response.Status);
        Assert.Equal("/lockcoll/", ActiveLock(response).Element(Dav + "lockroot")!.Element(Dav + "href")!.Value);
    }

    [Fact]
    public async Task The_owner_is_kept_as_the_XML_the_client_sent()
    {
        await _host.PutFileAsync("/f", "x");
        const string body = "<D:lockinfo xmlns:D=\"DAV:\" xmlns:x=\"urn:x\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>"
            + "<D:owner><D:href>mailto:alice@example.com</D:href><x:note x:kind=\"a&amp;b\">hi <![CDATA[<there>]]></x:note></D:owner></D:lockinfo>";
        var owner = ActiveLock(await LockAsync("/f", body)).Element(Dav + "owner")!;

        Assert.Equal("mailto:alice@example.com", owner.Element(Dav + "href")!.Value);
        var note = owner.Element((XNamespace)"urn:x" + "note")!;
        Assert.Equal("a&b", note.Attribute((XNamespace)"urn:x" + "kind")!.Value);
        Assert.Equal("hi <there>", note.Value);
    }

    [Fact]
    public async Task A_lock_without_owner_shows_none()
    {
        await _host.PutFileAsync("/f", "x");
        Assert.Null(ActiveLock(await LockAsync("/f", SharedBody)).Element(Dav + "owner"));
    }

    [Theory]
    [InlineData("Second-60", "Second-60")]
    [InlineData("Infinite", "Second-3600")]
    [InlineData("Second-4100000000", "Second-3600")]
    [InlineData("Second-99999999999999999999999", "Second-3600")]
    [InlineData("Infinite, Second-4100000000", "Second-3600")]
    [InlineData("Extend-5, Second-120", "Second-120")]
    [InlineData("Second-x, Second-30", "Second-30")]
    [InlineData("garbage", "Second-3600")]
    [InlineData("Second-0", "Second-1")]
    public async Task The_timeout_asked_for_is_granted_up_to_the_lock_manager_s_limit(string timeout, string shown)
    {
        await _host.PutFileAsync("/f", "x");
        Assert.Equal(shown, ActiveLock(await LockAsync("/f", ExclusiveBody, ("Timeout", timeout))).Element(Dav + "timeout")!.Value);
    }

    [Fact]
    public async Task Without_a_timeout_the_longest_lock_is_granted()
    {
        await _host.PutFileAsync("/f", "x");
        Assert.Equal("Second-3600", ActiveLock(await LockAsync("/f", ExclusiveBody)).Element(Dav + "timeout")!.Value);
    }

    [Fact]
    public async Task The_timeout_shown_counts_down()
    {
        await _host.PutFileAsync("/f", "x");
        await LockAsync("/f", ExclusiveBody, ("Timeout", "Second-600"));
        _clock.Advance(TimeSpan.FromSeconds(100.5));
        var request = await DavRequests.ForAsync(_host, DavTestHost.Alice, "/f");
        var held = Assert.Single(await _host.Locks.FindAsync(request.KeyFor(request.Path), LockDepth.Zero, CancellationToken.None));
        Assert.Equal("Second-500", LockXml.TimeLeft(held, _clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_lock_on_an_unmapped_URL_creates_an_empty_file_and_answers_201()
    {
        var response = await LockAsync("/unmapped_url", ExclusiveBody, ("Depth", "0"));
        Assert.Equal(201, response.Status);
        Assert.Equal("", await _host.ReadFileAsync("/unmapped_url"));
        Assert.Equal("/unmapped_url", ActiveLock(response).Element(Dav + "lockroot")!.Element(Dav + "href")!.Value);
    }

    [Fact]
    public async Task A_lock_on_an_unmapped_URL_in_a_missing_folder_is_409_and_takes_no_lock()
    {
        var response = await LockAsync("/missing/f", ExclusiveBody);
        Assert.Equal(409, response.Status);
        Assert.Empty(await _host.Locks.FindAsync(new LockKey("tree", VfsPath.Root), LockDepth.Infinity, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_file_in_a_folder_someone_locked_at_depth_0_is_refused()
    {
        await _host.MakeFolderAsync("/bob");
        await _host.MakeFolderAsync("/bob/c");
        await LockAsync("/bob/c", ExclusiveBody, ("Depth", "0"));
        var response = await LockAsync("/c/new", ExclusiveBody, user: DavTestHost.Bob);
        Assert.Equal(423, response.Status);
        Assert.Contains("<D:lock-token-submitted><D:href>/c/</D:href>", response.Body);
        Assert.Null(await _host.ReadFileAsync("/bob/c/new"));
    }

    [Fact]
    public async Task A_second_exclusive_lock_is_423_naming_the_lock_in_the_way()
    {
        await _host.PutFileAsync("/f", "x");
        await LockAsync("/f", ExclusiveBody);
        var response = await LockAsync("/f", ExclusiveBody);
        Assert.Equal(423, response.Status);
        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:error xmlns:D=\"DAV:\"><D:no-conflicting-lock><D:href>/f</D:href></D:no-conflicting-lock></D:error>",
            response.Body);
    }

    [Fact]
    public async Task Shared_locks_share_and_an_exclusive_one_is_then_refused()
    {
        await _host.PutFileAsync("/f", "x");
        var first = await LockAsync("/f", SharedBody);
        var second = await LockAsync("/f", SharedBody);
        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.NotEqual(TokenOf(first), TokenOf(second));
        Assert.NotNull(ActiveLock(second).Element(Dav + "lockscope")!.Element(Dav + "shared"));
        Assert.Equal(423, (await LockAsync("/f", ExclusiveBody)).Status);
    }

    [Fact]
    public async Task Alice_s_lock_on_bob_s_file_refuses_bob_s_lock_and_names_it_as_bob_sees_it()
    {
        await _host.MakeFolderAsync("/bob");
        await _host.PutFileAsync("/bob/x", "x");
        await LockAsync("/bob/x", ExclusiveBody);
        var response = await LockAsync("/x", ExclusiveBody, user: DavTestHost.Bob);
        Assert.Equal(423, response.Status);
        Assert.Contains("<D:href>/x</D:href>", response.Body);
    }

    [Fact]
    public async Task A_depth_infinity_lock_on_a_folder_is_refused_while_something_below_is_locked()
    {
        await _host.MakeFolderAsync("/c");
        await _host.PutFileAsync("/c/f", "x");
        await LockAsync("/c/f", ExclusiveBody);
        var response = await LockAsync("/c/", ExclusiveBody);
        Assert.Equal(423, response.Status);
        Assert.Contains("<D:href>/c/f</D:href>", response.Body);
        Assert.Equal(200, (await LockAsync("/c/", ExclusiveBody, ("Depth", "0"))).Status);
    }

    [Fact]
    public async Task An_account_at_its_lock_limit_is_told_so()
    {
        var limit = new LockOptions().MaxLocksPerOwner;
        for (var i = 0; i < limit; i++)
        {
            var key = new LockKey("tree", VfsPath.Parse($"/other/{i}"));
            await _host.Locks.TakeAsync(new LockRequest(key, LockScope.Exclusive, LockDepth.Zero, DavTestHost.Alice, TimeSpan.FromMinutes(5)), CancellationToken.None);
        }

        await _host.PutFileAsync("/f", "x");
        var response = await LockAsync("/f", ExclusiveBody);
        Assert.Equal(503, response.Status);
        Assert.Contains("as many locks as the server allows", response.Body);
    }

    [Fact]
    public async Task An_account_that_may_not_write_may_not_lock()
    {
        var host = new DavTestHost(alicePermissions: Permissions.List | Permissions.Read);
        await host.PutFileAsync("/f", "x");
        var response = await host.SendAsync("LOCK", "/f", ExclusiveBody);
        Assert.Equal(403, response.Status);
        Assert.Empty(await host.Locks.FindAsync(new LockKey("tree", VfsPath.Root), LockDepth.Infinity, CancellationToken.None));
    }

    [Theory]
    [InlineData("<lockinfo xmlns='DAV:'><lockscope><exclusive/></lockscope><locktype><write/></locktype>")]
    [InlineData("<lockinfo><lockscope><exclusive/></lockscope><locktype><write/></locktype></lockinfo>")]
    [InlineData("<D:propfind xmlns:D='DAV:'/>")]
    [InlineData("<lockinfo xmlns='DAV:'><locktype><write/></locktype></lockinfo>")]
    [InlineData("<lockinfo xmlns='DAV:'><lockscope><sometimes/></lockscope><locktype><write/></locktype></lockinfo>")]
    [InlineData("<lockinfo xmlns='DAV:'><lockscope><exclusive/></lockscope></lockinfo>")]
    [InlineData("<lockinfo xmlns='DAV:'><lockscope><exclusive/></lockscope><locktype><read/></locktype></lockinfo>")]
    [InlineData("<lockinfo xmlns='DAV:'><lockscope><x:exclusive xmlns:x='urn:x'/></lockscope><locktype><write/></locktype></lockinfo>")]
    [InlineData("not xml at all")]
    public async Task A_bad_body_is_400(string body)
    {
        await _host.PutFileAsync("/f", "x");
        Assert.Equal(400, (await LockAsync("/f", body)).Status);
    }

    [Fact]
    public async Task A_body_whose_declaration_the_XML_reader_fails_on_is_400_not_500()
    {
        // More bytes beyond ASCII in the version than follow the declaration: .NET's reader throws an
        // ArgumentOutOfRangeException when it switches to the named encoding (fuzz target davxml).
        var body = "<?xml version=\"1.0" + new string('\u00b7', 200) + "\" encoding=\"utf-8\"?>"
            + "<lockinfo xmlns='DAV:'><lockscope><exclusive/></lockscope><locktype><write/></locktype></lockinfo>";
        await _host.PutFileAsync("/f", "x");

        var response = await LockAsync("/f", body);

        Assert.Equal(400, response.Status);
        Assert.Contains("declaration or encoding cannot be read", response.Body);
    }

    [Fact]
    public async Task A_body_with_a_DTD_is_refused_and_never_expanded()
    {
        const string laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
            + "<lockinfo xmlns='DAV:'><lockscope><exclusive/></lockscope><locktype><write/></locktype><owner>&lol2;</owner></lockinfo>";
        await _host.PutFileAsync("/f", "x");
        var response = await LockAsync("/f", laughs);
        Assert.Equal(400, response.Status);
        Assert.DoesNotContain("lollol", response.Body);
    }

    [Fact]
    public async Task A_body_nested_deeper_than_allowed_is_400()
    {
        var depth = new WebDavOptions().MaxXmlDepth;
        var owner = string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth));
        await _host.PutFileAsync("/f", "x");
        var response = await LockAsync("/f", $"<lockinfo xmlns='DAV:'><lockscope><exclusive/></lockscope><locktype><write/></locktype><owner>{owner}</owner></lockinfo>");
        Assert.Equal(400, response.Status);
        Assert.Contains("nests deeper", response.Body);
    }

    [Fact]
    public async Task A_body_with_more_elements_than_allowed_is_400()
    {
        var host = new DavTestHost(new WebDavOptions { MaxXmlElements = 10 });
        await host.PutFileAsync("/f", "x");
        var owner = string.Concat(Enumerable.Repeat("<a/>", 10));
        var response = await host.SendAsync("LOCK", "/f", $"<lockinfo xmlns='DAV:'><lockscope><exclusive/></lockscope><locktype><write/></locktype><owner>{owner}</owner></lockinfo>");
        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task A_body_larger_than_allowed_is_413()
    {
        var host = new DavTestHost(new WebDavOptions { MaxXmlBodyBytes = 200 });
        await host.PutFileAsync("/f", "x");
        var response = await host.SendAsync("LOCK", "/f", ExclusiveBody.Replace("litmus test suite", new string('x', 300)));
        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task Unknown_elements_in_the_body_are_ignored()
    {
        await _host.PutFileAsync("/f", "x");
        const string body = "<lockinfo xmlns='DAV:' xmlns:x='urn:x'><x:extra><lockscope><shared/></lockscope></x:extra><lockscope><exclusive/></lockscope><locktype><write/></locktype></lockinfo>";
        var response = await LockAsync("/f", body);
        Assert.Equal(200, response.Status);
        Assert.NotNull(ActiveLock(response).Element(Dav + "lockscope")!.Element(Dav + "exclusive"));
    }

    [Fact]
    public async Task A_LOCK_without_a_body_refreshes_the_lock_named_in_the_If_header()
    {
        await _host.PutFileAsync("/f", "x");
        var token = TokenOf(await LockAsync("/f", ExclusiveBody, ("Timeout", "Second-600")));
        _clock.Advance(TimeSpan.FromSeconds(500));
        var response = await _host.SendAsync("LOCK", "/f", headers: DavTestHost.Headers(("If", $"(<{token}>)"), ("Timeout", "Second-900")));

        Assert.Equal(200, response.Status);
        var active = ActiveLock(response);
        Assert.Equal(token, active.Element(Dav + "locktoken")!.Element(Dav + "href")!.Value);
        Assert.Equal("Second-900", active.Element(Dav + "timeout")!.Value);
        Assert.Equal("litmus test suite", active.Element(Dav + "owner")!.Value);
        _clock.Advance(TimeSpan.FromSeconds(800));
        Assert.NotEmpty(await _host.Locks.FindAsync(new LockKey("tree", VfsPath.Parse("/f")), LockDepth.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_collection_lock_is_refreshed_through_a_member_s_URL()
    {
        await _host.MakeFolderAsync("/lockcoll");
        await _host.PutFileAsync("/lockcoll/lockme.txt", "x");
        var token = TokenOf(await LockAsync("/lockcoll/", ExclusiveBody));
        var response = await _host.SendAsync("LOCK", "/lockcoll/lockme.txt", headers: DavTestHost.Headers(("If", $"(<{token}>)")));
        Assert.Equal(200, response.Status);
        Assert.Equal("/lockcoll/", ActiveLock(response).Element(Dav + "lockroot")!.Element(Dav + "href")!.Value);
    }

    [Fact]
    public async Task A_refresh_without_an_If_header_is_400()
    {
        await _host.PutFileAsync("/f", "x");
        await LockAsync("/f", ExclusiveBody);
        Assert.Equal(400, (await _host.SendAsync("LOCK", "/f")).Status);
    }

    [Fact]
    public async Task A_refresh_naming_no_lock_here_is_412()
    {
        await _host.PutFileAsync("/f", "x");
        await _host.PutFileAsync("/g", "x");
        var token = TokenOf(await LockAsync("/g", ExclusiveBody));
        Assert.Equal(412, (await _host.SendAsync("LOCK", "/f", headers: DavTestHost.Headers(("If", $"(<{token}>)")))).Status);
        Assert.Equal(412, (await _host.SendAsync("LOCK", "/f", headers: DavTestHost.Headers(("If", "(<DAV:no-lock>)")))).Status);
    }

    [Fact]
    public async Task A_refresh_whose_If_header_names_no_token_is_400()
    {
        await _host.PutFileAsync("/f", "x");
        await LockAsync("/f", ExclusiveBody);
        Assert.Equal(400, (await _host.SendAsync("LOCK", "/f", headers: DavTestHost.Headers(("If", "(Not <DAV:no-lock>)")))).Status);
    }

    [Fact]
    public async Task Only_the_owner_may_refresh_a_lock()
    {
        await _host.MakeFolderAsync("/bob");
        await _host.PutFileAsync("/bob/x", "x");
        var token = TokenOf(await LockAsync("/bob/x", ExclusiveBody, ("Timeout", "Second-60")));
        var response = await _host.SendAsync("LOCK", "/x", headers: DavTestHost.Headers(("If", $"(<{token}>)")), user: DavTestHost.Bob);
        Assert.Equal(403, response.Status);
        var held = Assert.Single(await _host.Locks.FindAsync(new LockKey("tree", VfsPath.Parse("/bob/x")), LockDepth.Zero, CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(60), held.Timeout);
    }

    [Fact]
    public async Task Bob_sees_no_lock_root_outside_his_home()
    {
        await _host.MakeFolderAsync("/bob");
        await LockAsync("/", ExclusiveBody);
        var request = await DavRequests.ForAsync(_host, DavTestHost.Bob, "/x");
        await using (var writer = System.Xml.XmlWriter.Create(request.Http.Response.Body, Ferry.WebDav.Xml.DavXml.WriterSettings))
        {
            await writer.WriteStartElementAsync("D", "prop", "DAV:");
            await LockXml.WriteLockDiscoveryAsync(writer, request, VfsPath.Parse("/x"));
            await writer.WriteEndElementAsync();
        }

        var active = XElement.Parse(DavRequests.ResponseBody(request)).Element(Dav + "lockdiscovery")!.Element(Dav + "activelock")!;
        Assert.NotNull(active.Element(Dav + "locktoken"));
        Assert.Null(active.Element(Dav + "lockroot"));
    }

    [Fact]
    public async Task Lock_discovery_shows_the_locks_covering_a_path_and_not_those_beside_or_below()
    {
        await _host.MakeFolderAsync("/c");
        await _host.PutFileAsync("/c/f", "x");
        var above = TokenOf(await LockAsync("/c/", SharedBody));
        var own = TokenOf(await LockAsync("/c/f", SharedBody, ("Depth", "0")));
        await LockAsync("/c/g", SharedBody);
        var request = await DavRequests.ForAsync(_host, DavTestHost.Alice, "/c/f");
        await using (var writer = System.Xml.XmlWriter.Create(request.Http.Response.Body, Ferry.WebDav.Xml.DavXml.WriterSettings))
        {
            await writer.WriteStartElementAsync("D", "prop", "DAV:");
            await LockXml.WriteLockDiscoveryAsync(writer, request, VfsPath.Parse("/c/f"));
            await writer.WriteEndElementAsync();
        }

        var tokens = XElement.Parse(DavRequests.ResponseBody(request)).Descendants(Dav + "locktoken").Select(element => element.Element(Dav + "href")!.Value);
        Assert.Equal(new[] { above, own }.Order(StringComparer.Ordinal), tokens.Order(StringComparer.Ordinal));
    }

    private Task<DavResponse> LockAsync(string path, string? body, params (string Name, string Value)[] headers) =>
        _host.SendAsync("LOCK", path, body, DavTestHost.Headers(headers));

    private Task<DavResponse> LockAsync(string path, string? body, string user, params (string Name, string Value)[] headers) =>
        _host.SendAsync("LOCK", path, body, DavTestHost.Headers(headers), user: user);

    private static string TokenOf(DavResponse response)
    {
        var header = response.Headers["Lock-Token"].ToString();
        Assert.True(header.Length > 2 && header[0] == '<' && header[^1] == '>', $"Lock-Token header: {header}; response: {response}");
        return header[1..^1];
    }

    private static XElement ActiveLock(DavResponse response)
    {
        Assert.True(response.Status is 200 or 201, response.ToString());
        var prop = XElement.Parse(response.Body);
        Assert.Equal(Dav + "prop", prop.Name);
        return Assert.Single(prop.Element(Dav + "lockdiscovery")!.Elements(Dav + "activelock"));
    }
}
