using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Core.Tests.Identity;
using Ferry.Testing;

namespace Ferry.Core.Tests.Access.Locks;

public sealed class InMemoryLockManagerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly FakeClock _time = new();
    private readonly InMemoryLockManager _locks;

    public InMemoryLockManagerTests()
    {
        _locks = new InMemoryLockManager(new LockOptions { MaxTimeout = TimeSpan.FromHours(1), MaxLocksPerOwner = 3 }, _time);
    }

    private static LockKey Key(string path, string tree = "files") => new(tree, VfsPath.Parse(path));

    private async Task<ActiveLock> TakeAsync(string path, LockScope scope = LockScope.Exclusive, LockDepth depth = LockDepth.Zero, string owner = "alice", string tree = "files")
    {
        var result = await _locks.TakeAsync(new LockRequest(Key(path, tree), scope, depth, owner, Minute), default);
        Assert.True(result.Outcome == LockOutcome.Granted, $"not granted: {result.Outcome}");
        return result.Lock!;
    }

    private async Task<LockResult> TryTakeAsync(string path, LockScope scope = LockScope.Exclusive, LockDepth depth = LockDepth.Zero, string owner = "bob") =>
        await _locks.TakeAsync(new LockRequest(Key(path), scope, depth, owner, Minute), default);

    [Fact]
    public async Task A_granted_lock_has_a_random_opaquelocktoken_its_owner_and_an_expiry_by_the_clock()
    {
        var first = await TakeAsync("/a.txt");
        var second = await TakeAsync("/b.txt");

        Assert.Matches("^opaquelocktoken:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", first.Token);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal("alice", first.Owner);
        Assert.Equal(_time.GetUtcNow() + Minute, first.ExpiresAt);
    }

    [Fact]
    public async Task An_exclusive_lock_conflicts_with_any_other_lock_on_the_same_location()
    {
        var held = await TakeAsync("/a.txt");

        var exclusive = await TryTakeAsync("/a.txt");
        var shared = await TryTakeAsync("/a.txt", LockScope.Shared);

        Assert.Equal(LockOutcome.Conflict, exclusive.Outcome);
        Assert.Equal([held], exclusive.Conflicts);
        Assert.Equal(LockOutcome.Conflict, shared.Outcome);
    }

    [Fact]
    public async Task Shared_locks_coexist_and_keep_an_exclusive_one_out()
    {
        await TakeAsync("/a.txt", LockScope.Shared);
        await TakeAsync("/a.txt", LockScope.Shared, owner: "bob");

        Assert.Equal(LockOutcome.Conflict, (await TryTakeAsync("/a.txt", owner: "carol")).Outcome);
    }

    [Fact]
    public async Task A_depth_infinity_lock_covers_everything_below_its_root()
    {
        await TakeAsync("/docs", depth: LockDepth.Infinity);

        Assert.Equal(LockOutcome.Conflict, (await TryTakeAsync("/docs/deep/a.txt")).Outcome);
        Assert.Equal(LockOutcome.Granted, (await TryTakeAsync("/other.txt")).Outcome);
    }

    [Fact]
    public async Task A_depth_zero_lock_covers_its_root_only()
    {
        await TakeAsync("/docs");

        Assert.Equal(LockOutcome.Granted, (await TryTakeAsync("/docs/a.txt")).Outcome);
        Assert.Equal(LockOutcome.Conflict, (await TryTakeAsync("/docs")).Outcome);
    }

    [Fact]
    public async Task A_depth_infinity_request_conflicts_with_a_lock_below_it()
    {
        await TakeAsync("/docs/a.txt");

        Assert.Equal(LockOutcome.Conflict, (await TryTakeAsync("/docs", depth: LockDepth.Infinity)).Outcome);
        Assert.Equal(LockOutcome.Granted, (await TryTakeAsync("/docs", depth: LockDepth.Zero)).Outcome);
    }

    [Fact]
    public async Task Locks_in_different_trees_never_meet()
    {
        await TakeAsync("/a.txt", tree: "files");

        Assert.Equal(LockOutcome.Granted, (await _locks.TakeAsync(new LockRequest(Key("/a.txt", "other"), LockScope.Exclusive, LockDepth.Zero, "bob", Minute), default)).Outcome);
    }

    [Fact]
    public async Task A_lock_expires_by_the_clock_and_frees_its_location()
    {
        var held = await TakeAsync("/a.txt");

        _time.Advance(Minute - TimeSpan.FromSeconds(1));
        Assert.Equal([held], await _locks.FindAsync(Key("/a.txt"), LockDepth.Zero, default));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await _locks.FindAsync(Key("/a.txt"), LockDepth.Zero, default));
        Assert.Equal(LockOutcome.Granted, (await TryTakeAsync("/a.txt")).Outcome);
    }

    [Fact]
    public async Task A_refresh_by_the_owner_grants_a_new_lifetime()
    {
        var held = await TakeAsync("/a.txt");
        _time.Advance(TimeSpan.FromSeconds(50));

        var refreshed = await _locks.RefreshAsync(Key("/a.txt"), held.Token, "ALICE", Minute, default);

        Assert.NotNull(refreshed);
        Assert.Equal(held.Token, refreshed.Token);
        Assert.Equal(_time.GetUtcNow() + Minute, refreshed.ExpiresAt);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([refreshed], await _locks.FindAsync(Key("/a.txt"), LockDepth.Zero, default));
    }

    [Fact]
    public async Task Refresh_and_release_need_the_owner_a_live_lock_and_a_target_it_covers()
    {
        var held = await TakeAsync("/docs", depth: LockDepth.Infinity);

        Assert.Null(await _locks.RefreshAsync(Key("/docs"), held.Token, "bob", Minute, default));
        Assert.Null(await _locks.RefreshAsync(Key("/elsewhere"), held.Token, "alice", Minute, default));
        Assert.Null(await _locks.RefreshAsync(Key("/docs"), "opaquelocktoken:unknown", "alice", Minute, default));
        Assert.False(await _locks.ReleaseAsync(Key("/docs"), held.Token, "bob", default));
        Assert.False(await _locks.ReleaseAsync(Key("/elsewhere"), held.Token, "alice", default));
        Assert.NotNull(await _locks.RefreshAsync(Key("/docs/inside.txt"), held.Token, "alice", Minute, default));

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Null(await _locks.RefreshAsync(Key("/docs"), held.Token, "alice", Minute, default));
        Assert.False(await _locks.ReleaseAsync(Key("/docs"), held.Token, "alice", default));
    }

    [Fact]
    public async Task Release_by_the_owner_frees_the_location()
    {
        var held = await TakeAsync("/docs", depth: LockDepth.Infinity);

        Assert.True(await _locks.ReleaseAsync(Key("/docs/a.txt"), held.Token, "alice", default));

        Assert.Empty(await _locks.FindAsync(Key("/docs"), LockDepth.Infinity, default));
        Assert.Equal(LockOutcome.Granted, (await TryTakeAsync("/docs/a.txt")).Outcome);
    }

    [Fact]
    public async Task Check_lets_the_owner_through_without_tokens_and_blocks_everyone_else()
    {
        var held = await TakeAsync("/docs", depth: LockDepth.Infinity);

        Assert.Empty(await _locks.CheckAsync(Key("/docs/a.txt"), LockDepth.Zero, new LockHolder("alice"), default));
        Assert.Equal([held], await _locks.CheckAsync(Key("/docs/a.txt"), LockDepth.Zero, new LockHolder("bob"), default));
        Assert.Empty(await _locks.CheckAsync(Key("/else.txt"), LockDepth.Zero, new LockHolder("bob"), default));
    }

    [Fact]
    public async Task Check_with_tokens_needs_the_locks_token_and_its_owner()
    {
        var held = await TakeAsync("/a.txt");

        Assert.Equal([held], await _locks.CheckAsync(Key("/a.txt"), LockDepth.Zero, new LockHolder("alice", new HashSet<string>()), default));
        Assert.Equal([held], await _locks.CheckAsync(Key("/a.txt"), LockDepth.Zero, new LockHolder("bob", new HashSet<string> { held.Token }), default));
        Assert.Empty(await _locks.CheckAsync(Key("/a.txt"), LockDepth.Zero, new LockHolder("alice", new HashSet<string> { held.Token }), default));
    }

    [Fact]
    public async Task A_shared_lock_also_blocks_changes_by_others()
    {
        var held = await TakeAsync("/a.txt", LockScope.Shared);

        Assert.Equal([held], await _locks.CheckAsync(Key("/a.txt"), LockDepth.Zero, new LockHolder("bob"), default));
    }

    [Fact]
    public async Task A_change_reaching_down_a_folder_sees_the_locks_below_it()
    {
        var below = await TakeAsync("/docs/sub/a.txt");

        Assert.Equal([below], await _locks.CheckAsync(Key("/docs"), LockDepth.Infinity, new LockHolder("bob"), default));
        Assert.Empty(await _locks.CheckAsync(Key("/docs"), LockDepth.Zero, new LockHolder("bob"), default));
        Assert.Equal([below], await _locks.FindAsync(Key("/docs"), LockDepth.Infinity, default));
    }

    [Fact]
    public async Task Timeouts_are_cut_to_the_maximum_and_infinite_means_the_maximum()
    {
        var infinite = await _locks.TakeAsync(new LockRequest(Key("/a"), LockScope.Exclusive, LockDepth.Zero, "alice", Timeout.InfiniteTimeSpan), default);
        var tooLong = await _locks.TakeAsync(new LockRequest(Key("/b"), LockScope.Exclusive, LockDepth.Zero, "alice", TimeSpan.FromDays(7)), default);

        Assert.Equal(TimeSpan.FromHours(1), infinite.Lock!.Timeout);
        Assert.Equal(TimeSpan.FromHours(1), tooLong.Lock!.Timeout);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await _locks.TakeAsync(new LockRequest(Key("/c"), LockScope.Exclusive, LockDepth.Zero, "alice", TimeSpan.Zero), default));
    }

    [Fact]
    public async Task One_owner_holds_at_most_the_configured_number_of_locks()
    {
        await TakeAsync("/1");
        await TakeAsync("/2");
        await TakeAsync("/3");

        Assert.Equal(LockOutcome.TooManyLocks, (await TryTakeAsync("/4", owner: "alice")).Outcome);
        Assert.Equal(LockOutcome.Granted, (await TryTakeAsync("/4", owner: "bob")).Outcome);
    }
}
