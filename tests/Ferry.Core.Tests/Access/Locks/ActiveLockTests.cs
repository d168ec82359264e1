using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;

namespace Ferry.Core.Tests.Access.Locks;

public sealed class ActiveLockTests
{
    private static LockKey Key(string path) => new("files", VfsPath.Parse(path));

    private static ActiveLock Held(string path, LockDepth depth) =>
        new("opaquelocktoken:x", Key(path), LockScope.Exclusive, depth, "alice", null, TimeSpan.FromMinutes(1), DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("/docs", LockDepth.Zero, "/docs", true)]
    [InlineData("/docs", LockDepth.Zero, "/docs/a", false)]
    [InlineData("/docs", LockDepth.Infinity, "/docs/a/b", true)]
    [InlineData("/docs", LockDepth.Infinity, "/docsx", false)]
    [InlineData("/docs", LockDepth.Infinity, "/", false)]
    public void AppliesTo_its_root_and_at_depth_infinity_what_is_below(string root, LockDepth depth, string key, bool applies)
    {
        Assert.Equal(applies, Held(root, depth).AppliesTo(Key(key)));
    }

    [Fact]
    public void Overlaps_a_change_that_reaches_down_to_its_root()
    {
        var held = Held("/docs/a", LockDepth.Zero);

        Assert.True(held.Overlaps(Key("/"), LockDepth.Infinity));
        Assert.False(held.Overlaps(Key("/"), LockDepth.Zero));
    }

    [Fact]
    public void Owners_compare_like_account_names()
    {
        Assert.True(Held("/a", LockDepth.Zero).IsOwnedBy("ALICE"));
        Assert.False(Held("/a", LockDepth.Zero).IsOwnedBy("bob"));
    }
}
