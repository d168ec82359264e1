using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Testing;

namespace Ferry.Core.Tests.Access.Locks;

/// <summary>
/// On a file system that ignores case (Windows, macOS) "/Team/Plan.txt" and "/team/PLAN.TXT" are one
/// file: a lock taken under one spelling must bind a write under the other, or changing the case of a
/// path would walk past every lock. Where the file system keeps case, they stay two files.
/// </summary>
public sealed class LocksIgnoringCaseTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static readonly LockSite Windows = new("root", VfsPath.Parse("/Alice"))
    {
        IgnoreCase = true,
        Mounts = [new LockMount(VfsPath.Parse("/Shared"), "/srv/shared", VfsPath.Root)],
    };

    private static readonly LockSite Linux = new("root", VfsPath.Parse("/Alice"))
    {
        Mounts = [new LockMount(VfsPath.Parse("/Shared"), "/srv/shared", VfsPath.Root)],
    };

    private readonly InMemoryLockManager _locks = new(new LockOptions { MaxTimeout = TimeSpan.FromHours(1) }, new FakeClock());

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private async Task<LockResult> TakeAsync(LockSite site, string path, string owner, LockDepth depth) =>
        await _locks.TakeAsync(new LockRequest(site.TargetFor(P(path)), LockScope.Exclusive, depth, owner, Minute), default);

    [Fact]
    public void Two_spellings_of_one_path_are_one_key_where_case_is_ignored_and_two_where_it_is_kept()
    {
        Assert.Equal(Windows.KeyFor(P("/Team/Plan.txt")), Windows.KeyFor(P("/team/PLAN.TXT")));
        Assert.Equal(Windows.KeyFor(P("/Team/Plan.txt")).GetHashCode(), Windows.KeyFor(P("/team/PLAN.TXT")).GetHashCode());
        Assert.NotEqual(Linux.KeyFor(P("/Team/Plan.txt")), Linux.KeyFor(P("/team/PLAN.TXT")));
    }

    [Fact]
    public void A_mount_point_is_found_whatever_its_spelling_where_case_is_ignored()
    {
        Assert.Equal(new LockKey("/srv/shared", P("/plan.txt")) { IgnoreCase = true }, Windows.KeyFor(P("/SHARED/plan.txt")));
        Assert.Equal(new LockKey("root", P("/Alice/SHARED/plan.txt")), Linux.KeyFor(P("/SHARED/plan.txt")));
    }

    [Fact]
    public void A_key_is_located_in_the_spelling_it_was_made_with()
    {
        var key = new LockKey("root", P("/ALICE/Reports/Q3.xlsx")) { IgnoreCase = true };

        Assert.True(Windows.TryLocate(key, out var path));
        Assert.Equal(P("/Reports/Q3.xlsx"), path);
        Assert.False(Linux.TryLocate(key with { IgnoreCase = false }, out _));
    }

    [Fact]
    public async Task A_lock_taken_under_one_spelling_refuses_a_write_claim_under_another()
    {
        var held = await TakeAsync(Windows, "/Docs/Plan.txt", "bob", LockDepth.Zero);
        Assert.Equal(LockOutcome.Granted, held.Outcome);

        Assert.Equal([held.Lock!], await _locks.CheckAsync(Windows.TargetFor(P("/docs/plan.TXT")), LockDepth.Zero, new LockHolder("alice"), default));
        Assert.Equal(LockOutcome.Conflict, (await TakeAsync(Windows, "/DOCS/PLAN.TXT", "alice", LockDepth.Zero)).Outcome);
    }

    [Fact]
    public async Task A_depth_infinity_lock_covers_members_and_mounted_folders_under_any_spelling()
    {
        var held = await TakeAsync(Windows, "/", "bob", LockDepth.Infinity);
        Assert.Equal(LockOutcome.Granted, held.Outcome);

        Assert.Equal([held.Lock!], await _locks.CheckAsync(Windows.TargetFor(P("/DOCS/a.txt")), LockDepth.Zero, new LockHolder("alice"), default));
        Assert.Equal([held.Lock!], await _locks.CheckAsync(Windows.TargetFor(P("/shared/a.txt")), LockDepth.Zero, new LockHolder("alice"), default));
    }

    [Fact]
    public async Task A_write_claim_is_one_per_file_whatever_the_spelling()
    {
        await using var first = await _locks.TryClaimWriteAsync(Windows.KeyFor(P("/Log.txt")), "bob", default);
        Assert.NotNull(first);

        Assert.Null(await _locks.TryClaimWriteAsync(Windows.KeyFor(P("/LOG.TXT")), "alice", default));
        await using var kept = await _locks.TryClaimWriteAsync(Linux.KeyFor(P("/LOG.TXT")), "alice", default);
        Assert.NotNull(kept);
    }
}
