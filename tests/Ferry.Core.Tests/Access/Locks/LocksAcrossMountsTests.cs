using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Testing;

namespace Ferry.Core.Tests.Access.Locks;

/// <summary>
/// The lock table with mounted folders: alice shows /srv/shared at /team, bob at /common/docs. A
/// mounted folder is a tree of its own, so a lock of depth infinity above a mount point reaches into
/// it through the target's mounted roots, and a change of depth infinity above one sees the locks in it.
/// </summary>
public sealed class LocksAcrossMountsTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static readonly LockSite Alice = new("root", VfsPath.Parse("/alice"))
    {
        Mounts = [new LockMount(VfsPath.Parse("/team"), "/srv/shared", VfsPath.Root)],
    };

    private static readonly LockSite Bob = new("root", VfsPath.Parse("/bob"))
    {
        Mounts = [new LockMount(VfsPath.Parse("/common/docs"), "/srv/shared", VfsPath.Root)],
    };

    private readonly InMemoryLockManager _locks = new(new LockOptions { MaxTimeout = TimeSpan.FromHours(1) }, new FakeClock());

    private async Task<LockResult> TakeAsync(LockSite site, string path, string owner, LockDepth depth, LockScope scope = LockScope.Exclusive) =>
        await _locks.TakeAsync(new LockRequest(site.TargetFor(VfsPath.Parse(path)), scope, depth, owner, Minute), default);

    private async Task<IReadOnlyList<ActiveLock>> CheckAsync(LockSite site, string path, string who, LockDepth depth = LockDepth.Zero) =>
        await _locks.CheckAsync(site.TargetFor(VfsPath.Parse(path)), depth, new LockHolder(who), default);

    [Fact]
    public async Task A_lock_on_a_file_in_the_mounted_folder_binds_an_account_that_mounts_it_elsewhere()
    {
        var held = (await TakeAsync(Alice, "/team/plan.txt", "alice", LockDepth.Zero)).Lock!;

        Assert.Equal([held], await CheckAsync(Bob, "/common/docs/plan.txt", "bob"));
        Assert.Equal(LockOutcome.Conflict, (await TakeAsync(Bob, "/common/docs/plan.txt", "bob", LockDepth.Zero)).Outcome);
        Assert.Empty(await CheckAsync(Bob, "/common/plan.txt", "bob"));
    }

    [Fact]
    public async Task A_depth_infinity_lock_above_a_mount_point_reaches_into_the_mounted_folder()
    {
        var held = (await TakeAsync(Alice, "/", "alice", LockDepth.Infinity)).Lock!;

        Assert.Equal([held], await CheckAsync(Bob, "/common/docs/plan.txt", "bob"));
        Assert.Equal([held], await CheckAsync(Alice, "/team/plan.txt", "carol"));
        Assert.Empty(await CheckAsync(Alice, "/team/plan.txt", "alice"));

        // bob's own files beside his mount point are not alice's to lock.
        Assert.Empty(await CheckAsync(Bob, "/common/other.txt", "bob"));
    }

    [Fact]
    public async Task A_depth_infinity_lock_above_a_mount_point_conflicts_with_a_lock_inside_the_mounted_folder()
    {
        var inside = (await TakeAsync(Bob, "/common/docs/plan.txt", "bob", LockDepth.Zero)).Lock!;

        var above = await TakeAsync(Alice, "/", "alice", LockDepth.Infinity);

        Assert.Equal(LockOutcome.Conflict, above.Outcome);
        Assert.Equal([inside], above.Conflicts);
        Assert.Equal(LockOutcome.Granted, (await TakeAsync(Alice, "/", "alice", LockDepth.Zero)).Outcome);
    }

    [Fact]
    public async Task Two_depth_infinity_locks_that_both_reach_one_mounted_folder_conflict()
    {
        Assert.Equal(LockOutcome.Granted, (await TakeAsync(Alice, "/", "alice", LockDepth.Infinity)).Outcome);

        Assert.Equal(LockOutcome.Conflict, (await TakeAsync(Bob, "/common", "bob", LockDepth.Infinity)).Outcome);
        Assert.Equal(LockOutcome.Granted, (await TakeAsync(Bob, "/elsewhere", "bob", LockDepth.Infinity)).Outcome);
    }

    [Fact]
    public async Task A_change_of_depth_infinity_above_a_mount_point_sees_the_locks_in_the_mounted_folder()
    {
        var inside = (await TakeAsync(Alice, "/team/plan.txt", "alice", LockDepth.Zero)).Lock!;

        Assert.Equal([inside], await CheckAsync(Bob, "/common", "bob", LockDepth.Infinity));
        Assert.Empty(await CheckAsync(Bob, "/common", "bob", LockDepth.Zero));
        Assert.Equal([inside], await _locks.FindAsync(Bob.TargetFor(VfsPath.Parse("/common")), LockDepth.Infinity, default));
    }

    [Fact]
    public async Task A_lock_is_refreshed_and_released_through_another_accounts_path_to_the_same_file()
    {
        var held = (await TakeAsync(Alice, "/", "alice", LockDepth.Infinity)).Lock!;

        // The owner presents the lock at a file it covers through the mounted folder.
        Assert.NotNull(await _locks.RefreshAsync(Alice.KeyFor(VfsPath.Parse("/team/plan.txt")), held.Token, "alice", Minute, default));
        Assert.True(await _locks.ReleaseAsync(Alice.KeyFor(VfsPath.Parse("/team/plan.txt")), held.Token, "alice", default));
        Assert.Empty(await CheckAsync(Bob, "/common/docs/plan.txt", "bob"));
    }
}
