using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;

namespace Ferry.Core.Tests.Access.Locks;

public sealed class LockKeyTests
{
    [Fact]
    public void Keys_with_the_same_tree_and_path_are_equal()
    {
        Assert.Equal(new LockKey("files", VfsPath.Parse("/a/b")), new LockKey("files", VfsPath.Parse("/a//b/")));
        Assert.NotEqual(new LockKey("files", VfsPath.Parse("/a")), new LockKey("Files", VfsPath.Parse("/a")));
    }

    [Fact]
    public void IsAtOrBelow_needs_the_same_tree()
    {
        var docs = new LockKey("files", VfsPath.Parse("/docs"));

        Assert.True(new LockKey("files", VfsPath.Parse("/docs/a")).IsAtOrBelow(docs));
        Assert.True(docs.IsAtOrBelow(docs));
        Assert.False(new LockKey("other", VfsPath.Parse("/docs/a")).IsAtOrBelow(docs));
        Assert.False(new LockKey("files", VfsPath.Parse("/")).IsAtOrBelow(docs));
    }

    [Fact]
    public void A_key_needs_a_tree_name()
    {
        Assert.Throws<ArgumentException>(() => new LockKey("", VfsPath.Root));
    }
}
