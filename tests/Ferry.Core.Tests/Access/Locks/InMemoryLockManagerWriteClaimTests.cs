using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Testing;

namespace Ferry.Core.Tests.Access.Locks;

/// <summary>Write claims of <see cref="InMemoryLockManager"/>: one writer per file at a time, apart from explicit locks.</summary>
public sealed class InMemoryLockManagerWriteClaimTests
{
    private readonly FakeClock _time = new();
    private readonly InMemoryLockManager _locks;

    public InMemoryLockManagerWriteClaimTests()
    {
        _locks = new InMemoryLockManager(new LockOptions { MaxTimeout = TimeSpan.FromHours(1), MaxLocksPerOwner = 3 }, _time);
    }

    private static LockKey Key(string path, string tree = "files") => new(tree, VfsPath.Parse(path));

    [Fact]
    public async Task A_claim_names_its_file_its_owner_and_when_it_began()
    {
        await using var claim = await _locks.TryClaimWriteAsync(Key("/a.txt"), "alice", default);

        Assert.NotNull(claim);
        Assert.Equal(Key("/a.txt"), claim.Target);
        Assert.Equal("alice", claim.Owner);
        Assert.Equal(_time.GetUtcNow(), claim.Since);
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("alice")]
    [InlineData("ALICE")]
    public async Task A_second_claim_on_the_same_file_is_refused_whoever_asks(string second)
    {
        await using var first = await _locks.TryClaimWriteAsync(Key("/a.txt"), "alice", default);

        Assert.NotNull(first);
        Assert.Null(await _locks.TryClaimWriteAsync(Key("/a.txt"), second, default));
    }

    [Fact]
    public async Task Claims_on_other_files_or_trees_do_not_meet()
    {
        await using var first = await _locks.TryClaimWriteAsync(Key("/a.txt"), "alice", default);
        await using var other = await _locks.TryClaimWriteAsync(Key("/b.txt"), "bob", default);
        await using var otherTree = await _locks.TryClaimWriteAsync(Key("/a.txt", tree: "elsewhere"), "bob", default);
        await using var below = await _locks.TryClaimWriteAsync(Key("/a.txt/x"), "bob", default);

        Assert.NotNull(first);
        Assert.NotNull(other);
        Assert.NotNull(otherTree);
        Assert.NotNull(below);
    }

    [Fact]
    public async Task A_released_claim_frees_the_file_and_a_second_release_frees_nothing_more()
    {
        var first = await _locks.TryClaimWriteAsync(Key("/a.txt"), "alice", default);
        await first!.DisposeAsync();

        await using var second = await _locks.TryClaimWriteAsync(Key("/a.txt"), "bob", default);
        Assert.NotNull(second);

        // The first claim's holder disposing again must not end the claim that replaced it.
        await first.DisposeAsync();
        Assert.Null(await _locks.TryClaimWriteAsync(Key("/a.txt"), "carol", default));
    }

    [Fact]
    public async Task Claims_never_expire_by_the_clock()
    {
        await using var first = await _locks.TryClaimWriteAsync(Key("/a.txt"), "alice", default);
        _time.Advance(TimeSpan.FromDays(2));

        Assert.Null(await _locks.TryClaimWriteAsync(Key("/a.txt"), "bob", default));
    }

    [Fact]
    public async Task Claims_are_no_locks_and_locks_are_no_claims()
    {
        var locked = await _locks.TakeAsync(new LockRequest(Key("/a.txt"), LockScope.Exclusive, LockDepth.Zero, "bob", TimeSpan.FromMinutes(1)), default);
        Assert.Equal(LockOutcome.Granted, locked.Outcome);

        // The lock's owner may write its own file; a protocol refuses others through CheckAsync, before claiming.
        await using var claim = await _locks.TryClaimWriteAsync(Key("/a.txt"), "bob", default);
        Assert.NotNull(claim);

        await using var unlocked = await _locks.TryClaimWriteAsync(Key("/b.txt"), "alice", default);
        Assert.Empty(await _locks.FindAsync(Key("/b.txt"), LockDepth.Infinity, default));
        Assert.Empty(await _locks.CheckAsync(Key("/b.txt"), LockDepth.Infinity, new LockHolder("carol"), default));
        Assert.Equal(LockOutcome.Granted, (await _locks.TakeAsync(new LockRequest(Key("/b.txt"), LockScope.Exclusive, LockDepth.Zero, "carol", TimeSpan.FromMinutes(1)), default)).Outcome);
    }

    [Fact]
    public async Task A_claim_needs_a_target_and_an_owner_and_honours_cancellation()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await _locks.TryClaimWriteAsync(null!, "alice", default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _locks.TryClaimWriteAsync(Key("/a.txt"), "", default));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _locks.TryClaimWriteAsync(Key("/a.txt"), "alice", new CancellationToken(canceled: true)));
        Assert.NotNull(await _locks.TryClaimWriteAsync(Key("/a.txt"), "alice", default));
    }
}
