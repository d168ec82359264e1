using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Testing;
using Ferry.WebDav.Locking;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

public sealed class WriteGuardTests
{
    private readonly FakeClock _clock = new();
    private readonly DavTestHost _host;

    public WriteGuardTests()
    {
        _host = new DavTestHost(time: _clock);
    }

    [Fact]
    public async Task Without_an_If_header_every_method_goes_on()
    {
        var request = await RequestAsync(DavTestHost.Alice, "/x");
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(request));
    }

    [Theory]
    [InlineData("(<DAV:no-lock>")]
    [InlineData("(<DAV:no-lock>) </x> (<DAV:no-lock>)")]
    [InlineData("</%2e%2e/etc/passwd> (Not <DAV:no-lock>)")]
    [InlineData("<http://127.0.0.1:8080/a%2fb> (Not <DAV:no-lock>)")]
    [InlineData("<mailto:someone> (Not <DAV:no-lock>)")]
    public async Task A_malformed_If_header_or_resource_tag_is_400(string header)
    {
        var request = await RequestAsync(DavTestHost.Alice, "/x", ("If", header));
        Assert.Equal(400, await WriteGuard.EvaluateIfHeaderAsync(request));
    }

    [Theory]
    [InlineData("PROPFIND")]
    [InlineData("GET")]
    [InlineData("LOCK")]
    [InlineData("UNLOCK")]
    public async Task The_server_answers_412_or_400_before_any_method_runs(string method)
    {
        await _host.PutFileAsync("/x", "content");
        Assert.Equal(412, (await _host.SendAsync(method, "/x", headers: DavTestHost.Headers(("If", "(<DAV:no-lock>)")))).Status);
        Assert.Equal(400, (await _host.SendAsync(method, "/x", headers: DavTestHost.Headers(("If", "(<DAV:no-lock>")))).Status);
    }

    [Fact]
    public async Task A_token_of_a_live_lock_on_the_request_URI_holds()
    {
        var held = await LockAsync(DavTestHost.Alice, "/x");
        var request = await RequestAsync(DavTestHost.Alice, "/x", ("If", $"(<{held.Token}>)"));
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(request));
    }

    [Fact]
    public async Task A_token_of_a_lock_elsewhere_fails_with_412()
    {
        var held = await LockAsync(DavTestHost.Alice, "/y");
        var request = await RequestAsync(DavTestHost.Alice, "/x", ("If", $"(<{held.Token}>)"));
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(request));
    }

    [Fact]
    public async Task A_token_of_an_expired_lock_fails_with_412()
    {
        var held = await LockAsync(DavTestHost.Alice, "/x", timeout: TimeSpan.FromSeconds(60));
        _clock.Advance(TimeSpan.FromSeconds(61));
        var request = await RequestAsync(DavTestHost.Alice, "/x", ("If", $"(<{held.Token}>)"));
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(request));
    }

    [Fact]
    public async Task A_depth_infinity_lock_on_a_folder_covers_its_members_and_a_depth_0_one_does_not()
    {
        var deep = await LockAsync(DavTestHost.Alice, "/deep");
        var shallow = await LockAsync(DavTestHost.Alice, "/shallow", LockDepth.Zero);
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/deep/a/b", ("If", $"(<{deep.Token}>)"))));
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/shallow/a", ("If", $"(<{shallow.Token}>)"))));
    }

    [Fact]
    public async Task A_tagged_list_is_judged_at_its_resource_not_at_the_request_URI()
    {
        var held = await LockAsync(DavTestHost.Alice, "/coll/", LockDepth.Zero);
        var tagged = await RequestAsync(DavTestHost.Alice, "/coll/member", ("If", $"<http://127.0.0.1:8080/coll/> (<{held.Token}>)"));
        var untagged = await RequestAsync(DavTestHost.Alice, "/coll/member", ("If", $"(<{held.Token}>)"));
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(tagged));
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(untagged));
    }

    [Fact]
    public async Task A_resource_tag_is_percent_decoded_exactly_once()
    {
        var held = await LockAsync(DavTestHost.Alice, "/a b");
        var once = await RequestAsync(DavTestHost.Alice, "/other", ("If", $"</a%20b> (<{held.Token}>)"));
        var twice = await RequestAsync(DavTestHost.Alice, "/other", ("If", $"</a%2520b> (<{held.Token}>)"));
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(once));
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(twice));
    }

    [Fact]
    public async Task A_resource_tag_is_read_under_the_served_prefix()
    {
        var host = new DavTestHost(new WebDavOptions { Prefix = "/dav/" });
        var held = (await host.Locks.TakeAsync(new LockRequest(new LockKey("tree", VfsPath.Parse("/x")), LockScope.Exclusive, LockDepth.Zero, DavTestHost.Alice, TimeSpan.FromMinutes(5)), CancellationToken.None)).Lock!;
        var inside = await DavRequests.ForAsync(host, DavTestHost.Alice, "/x", ("If", $"<http://127.0.0.1:8080/dav/x> (<{held.Token}>)"));
        var outside = await DavRequests.ForAsync(host, DavTestHost.Alice, "/x", ("If", $"<http://127.0.0.1:8080/x> (<{held.Token}>)"));
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(inside));
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(outside));
    }

    [Fact]
    public async Task Outside_the_prefix_a_resource_tag_names_nothing_so_only_negations_hold_there()
    {
        var host = new DavTestHost(new WebDavOptions { Prefix = "/dav/" });
        var request = await DavRequests.ForAsync(host, DavTestHost.Alice, "/x", ("If", "</elsewhere> (Not <DAV:no-lock>)"));
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(request));
    }

    [Fact]
    public async Task Bob_s_lock_tokens_meet_alice_s_at_the_same_file()
    {
        var held = await LockAsync(DavTestHost.Alice, "/bob/x");
        var request = await RequestAsync(DavTestHost.Bob, "/x", ("If", $"(<{held.Token}>)"));
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(request));
    }

    [Theory]
    [InlineData("(<DAV:no-lock>)", 412)]
    [InlineData("(Not <DAV:no-lock>)", null)]
    [InlineData("(<DAV:no-lock>) (Not <DAV:no-lock>)", null)]
    [InlineData("(Not <DAV:no-lock> <DAV:no-lock>)", 412)]
    public async Task DAV_no_lock_names_no_lock(string header, int? expected)
    {
        var request = await RequestAsync(DavTestHost.Alice, "/x", ("If", header));
        Assert.Equal(expected, await WriteGuard.EvaluateIfHeaderAsync(request));
    }

    [Fact]
    public async Task An_entity_tag_condition_compares_with_the_file_s_current_tag()
    {
        await _host.PutFileAsync("/x", "content");
        var current = Ferry.WebDav.Methods.EntityTags.For((await _host.Storage.StatAsync(VfsPath.Parse("/x"), CancellationToken.None))!);
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/x", ("If", $"([{current}])"))));
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/x", ("If", "([\"stale\"])"))));
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/x", ("If", "(Not [\"stale\"])"))));
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/x", ("If", $"([W/{current}])"))));
    }

    [Fact]
    public async Task A_missing_resource_has_no_entity_tag()
    {
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/missing", ("If", "([\"anything\"])"))));
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/missing", ("If", "(Not [\"anything\"])"))));
    }

    [Fact]
    public async Task A_lock_token_and_an_entity_tag_in_one_list_must_both_hold()
    {
        await _host.PutFileAsync("/x", "content");
        var held = await LockAsync(DavTestHost.Alice, "/x");
        var current = Ferry.WebDav.Methods.EntityTags.For((await _host.Storage.StatAsync(VfsPath.Parse("/x"), CancellationToken.None))!);
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/x", ("If", $"(<{held.Token}> [{current}])"))));
        Assert.Equal(412, await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/x", ("If", $"(<{held.Token}> [\"other\"]) (Not <DAV:no-lock> [\"other\"])"))));
        Assert.Null(await WriteGuard.EvaluateIfHeaderAsync(await RequestAsync(DavTestHost.Alice, "/x", ("If", $"(<{held.Token}> [{current}]) (Not <DAV:no-lock> [{current}])"))));
    }

    [Fact]
    public void The_entity_tag_is_the_backend_s_own_or_made_from_length_and_time()
    {
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal("\"own\"", Ferry.WebDav.Methods.EntityTags.For(new FileEntry("f", false, 5, time, "\"own\"")));
        Assert.Equal($"\"5-{time.UtcTicks:x}\"", Ferry.WebDav.Methods.EntityTags.For(new FileEntry("f", false, 5, time)));
        Assert.NotEqual(Ferry.WebDav.Methods.EntityTags.For(new FileEntry("f", false, 5, time)), Ferry.WebDav.Methods.EntityTags.For(new FileEntry("f", false, 6, time)));
    }

    [Fact]
    public async Task A_lock_blocks_a_write_by_another_account_at_the_same_file()
    {
        await LockAsync(DavTestHost.Alice, "/bob/x");
        var request = await RequestAsync(DavTestHost.Bob, "/x");
        Assert.Equal(423, await WriteGuard.CheckWriteAsync(request, VfsPath.Parse("/x"), LockDepth.Zero));
    }

    [Fact]
    public async Task Presenting_someone_else_s_token_does_not_let_a_write_through()
    {
        var held = await LockAsync(DavTestHost.Alice, "/bob/x");
        var request = await RequestAsync(DavTestHost.Bob, "/x", ("If", $"(<{held.Token}>)"));
        Assert.Equal(423, await WriteGuard.CheckWriteAsync(request, VfsPath.Parse("/x"), LockDepth.Zero));
    }

    [Fact]
    public async Task The_owner_writes_only_when_presenting_the_token()
    {
        var held = await LockAsync(DavTestHost.Alice, "/x");
        var without = await RequestAsync(DavTestHost.Alice, "/x");
        var with = await RequestAsync(DavTestHost.Alice, "/x", ("If", $"(<{held.Token}>)"));
        var inAnotherList = await RequestAsync(DavTestHost.Alice, "/x", ("If", $"(<DAV:no-lock>) (<{held.Token}>)"));
        var negated = await RequestAsync(DavTestHost.Alice, "/x", ("If", $"(Not <{held.Token}>)"));
        Assert.Equal(423, await WriteGuard.CheckWriteAsync(without, VfsPath.Parse("/x"), LockDepth.Zero));
        Assert.Null(await WriteGuard.CheckWriteAsync(with, VfsPath.Parse("/x"), LockDepth.Zero));
        Assert.Null(await WriteGuard.CheckWriteAsync(inAnotherList, VfsPath.Parse("/x"), LockDepth.Zero));
        Assert.Equal(423, await WriteGuard.CheckWriteAsync(negated, VfsPath.Parse("/x"), LockDepth.Zero));
    }

    [Fact]
    public async Task A_depth_0_lock_on_a_folder_blocks_changes_to_its_membership_but_not_to_its_members()
    {
        await _host.MakeFolderAsync("/c");
        await LockAsync(DavTestHost.Alice, "/c", LockDepth.Zero);
        var request = await RequestAsync(DavTestHost.Bob, "/x");
        var alice = await RequestAsync(DavTestHost.Alice, "/c/new");

        // A handler creating or deleting /c/new checks the parent at depth 0, and /c/new itself.
        Assert.Equal(423, await WriteGuard.CheckWriteAsync(alice, VfsPath.Parse("/c"), LockDepth.Zero));
        Assert.Null(await WriteGuard.CheckWriteAsync(alice, VfsPath.Parse("/c/new"), LockDepth.Zero));
        Assert.Null(await WriteGuard.CheckWriteAsync(request, VfsPath.Parse("/x"), LockDepth.Zero));
    }

    [Fact]
    public async Task A_depth_infinity_change_is_blocked_by_a_lock_below_it()
    {
        await LockAsync(DavTestHost.Alice, "/c/d/x", LockDepth.Zero);
        var request = await RequestAsync(DavTestHost.Bob, "/");
        Assert.Equal(423, await WriteGuard.CheckWriteAsync(await RequestAsync(DavTestHost.Alice, "/c"), VfsPath.Parse("/c"), LockDepth.Infinity));
        Assert.Null(await WriteGuard.CheckWriteAsync(await RequestAsync(DavTestHost.Alice, "/c"), VfsPath.Parse("/c"), LockDepth.Zero));
        Assert.Null(await WriteGuard.CheckWriteAsync(request, VfsPath.Parse("/"), LockDepth.Infinity));
    }

    [Fact]
    public async Task A_refusal_names_the_lock_root_as_the_refused_account_sees_it()
    {
        await _host.MakeFolderAsync("/bob");
        await _host.MakeFolderAsync("/bob/c");
        await LockAsync(DavTestHost.Alice, "/bob/c");
        var request = await RequestAsync(DavTestHost.Bob, "/c/x");
        request.Http.Response.StatusCode = (await WriteGuard.CheckWriteAsync(request, VfsPath.Parse("/c/x"), LockDepth.Zero))!.Value;
        await WriteGuard.WriteRefusalAsync(request);

        Assert.Equal(423, request.Http.Response.StatusCode);
        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:error xmlns:D=\"DAV:\"><D:lock-token-submitted><D:href>/c/</D:href></D:lock-token-submitted></D:error>",
            DavRequests.ResponseBody(request));
    }

    [Fact]
    public async Task A_refusal_by_a_lock_above_the_account_s_home_names_the_home_not_the_path_outside_it()
    {
        await LockAsync(DavTestHost.Alice, "/");
        var request = await RequestAsync(DavTestHost.Bob, "/x");
        request.Http.Response.StatusCode = (await WriteGuard.CheckWriteAsync(request, VfsPath.Parse("/x"), LockDepth.Zero))!.Value;
        await WriteGuard.WriteRefusalAsync(request);
        Assert.Contains("<D:href>/</D:href>", DavRequests.ResponseBody(request));
        Assert.DoesNotContain("bob", DavRequests.ResponseBody(request));
    }

    [Fact]
    public async Task No_refusal_body_is_written_when_the_handler_answered_something_else()
    {
        await LockAsync(DavTestHost.Alice, "/x");
        var request = await RequestAsync(DavTestHost.Alice, "/x");
        Assert.Equal(423, await WriteGuard.CheckWriteAsync(request, VfsPath.Parse("/x"), LockDepth.Zero));
        request.Http.Response.StatusCode = 207;
        await WriteGuard.WriteRefusalAsync(request);
        Assert.Empty(DavRequests.ResponseBody(request));
    }

    [Fact]
    public async Task Forgetting_a_path_ends_the_locks_at_and_below_it_and_keeps_those_above()
    {
        var above = await LockAsync(DavTestHost.Alice, "/a", LockDepth.Infinity, LockScope.Shared);
        var at = await LockAsync(DavTestHost.Bob, "/a/b", LockDepth.Zero, LockScope.Shared);
        var below = await LockAsync(DavTestHost.Alice, "/a/b/c", LockDepth.Zero, LockScope.Shared);
        var beside = await LockAsync(DavTestHost.Alice, "/a/bc", LockDepth.Zero, LockScope.Shared);
        var request = await RequestAsync(DavTestHost.Alice, "/a/b");
        await WriteGuard.ForgetLocksAsync(request, VfsPath.Parse("/a/b"));

        var left = (await _host.Locks.FindAsync(new LockKey("tree", VfsPath.Root), LockDepth.Infinity, CancellationToken.None)).Select(held => held.Token);
        Assert.Equal(new[] { above.Token, beside.Token }.Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(at.Token, left);
        Assert.DoesNotContain(below.Token, left);
    }

    private Task<DavRequest> RequestAsync(string user, string path, params (string Name, string Value)[] headers) =>
        DavRequests.ForAsync(_host, user, path, headers);

    /// <summary>Takes a lock straight in the lock table, at <paramref name="path"/> as alice sees it (her home is the tree's root).</summary>
    private async Task<ActiveLock> LockAsync(
        string owner, string path, LockDepth depth = LockDepth.Infinity, LockScope scope = LockScope.Exclusive, TimeSpan? timeout = null)
    {
        var key = new LockKey("tree", VfsPath.Parse(path));
        var taken = await _host.Locks.TakeAsync(new LockRequest(key, scope, depth, owner, timeout ?? TimeSpan.FromMinutes(10)), CancellationToken.None);
        Assert.Equal(LockOutcome.Granted, taken.Outcome);
        return taken.Lock!;
    }
}
