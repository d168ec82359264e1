using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;

namespace Ferry.Core.Tests.Access.Locks;

public sealed class LockHolderTests
{
    private static readonly ActiveLock Held = new(
        "opaquelocktoken:t1", new LockKey("files", VfsPath.Root), LockScope.Exclusive, LockDepth.Zero, "alice", null, TimeSpan.FromMinutes(1), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Without_tokens_the_owner_presents_every_lock_of_theirs()
    {
        Assert.True(new LockHolder("Alice").Presents(Held));
        Assert.False(new LockHolder("bob").Presents(Held));
    }

    [Fact]
    public void With_tokens_the_owner_must_present_the_locks_token()
    {
        Assert.True(new LockHolder("alice", new HashSet<string> { "opaquelocktoken:t1" }).Presents(Held));
        Assert.False(new LockHolder("alice", new HashSet<string> { "opaquelocktoken:t2" }).Presents(Held));
        Assert.False(new LockHolder("bob", new HashSet<string> { "opaquelocktoken:t1" }).Presents(Held));
    }
}
