using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;

namespace Ferry.Core.Tests.Access.Locks;

public sealed class LockSiteTests
{
    private static readonly LockSite Admin = new("root", VfsPath.Root);
    private static readonly LockSite Alice = new("root", VfsPath.Parse("/team"));

    [Fact]
    public void Accounts_whose_homes_overlap_map_one_file_to_one_key()
    {
        Assert.Equal(Admin.KeyFor(VfsPath.Parse("/team/report.pdf")), Alice.KeyFor(VfsPath.Parse("/report.pdf")));
    }

    [Fact]
    public void The_home_itself_is_the_key_of_the_accounts_root()
    {
        Assert.Equal(new LockKey("root", VfsPath.Parse("/team")), Alice.KeyFor(VfsPath.Root));
    }

    [Fact]
    public void A_key_in_the_home_is_located_as_the_account_sees_it()
    {
        Assert.True(Alice.TryLocate(new LockKey("root", VfsPath.Parse("/team/a/b")), out var path));
        Assert.Equal(VfsPath.Parse("/a/b"), path);
    }

    [Theory]
    [InlineData("root", "/other/a")]
    [InlineData("root", "/")]
    [InlineData("root", "/teamwork")]
    [InlineData("/srv/elsewhere", "/team/a")]
    public void A_key_outside_the_home_is_not_located(string tree, string path)
    {
        Assert.False(Alice.TryLocate(new LockKey(tree, VfsPath.Parse(path)), out var located));
        Assert.Null(located);
    }
}
