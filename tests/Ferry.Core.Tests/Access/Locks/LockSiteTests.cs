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

    /// <summary>alice shows /srv/shared at /team, bob at /common/docs: one folder, two places.</summary>
    private static readonly LockSite AliceWithMount = new("root", VfsPath.Parse("/alice"))
    {
        Mounts = [new LockMount(VfsPath.Parse("/team"), "/srv/shared", VfsPath.Root)],
    };

    private static readonly LockSite BobWithMount = new("root", VfsPath.Parse("/bob"))
    {
        Mounts = [new LockMount(VfsPath.Parse("/common/docs"), "/srv/shared", VfsPath.Root)],
    };

    [Fact]
    public void Accounts_that_mount_one_folder_at_different_places_map_its_files_to_one_key()
    {
        var key = AliceWithMount.KeyFor(VfsPath.Parse("/team/plan.txt"));

        Assert.Equal(new LockKey("/srv/shared", VfsPath.Parse("/plan.txt")), key);
        Assert.Equal(key, BobWithMount.KeyFor(VfsPath.Parse("/common/docs/plan.txt")));
        Assert.Equal(new LockKey("/srv/shared", VfsPath.Root), AliceWithMount.KeyFor(VfsPath.Parse("/team")));
    }

    [Fact]
    public void A_path_beside_a_mount_point_stays_in_the_home_tree()
    {
        Assert.Equal(new LockKey("root", VfsPath.Parse("/alice/teamwork.txt")), AliceWithMount.KeyFor(VfsPath.Parse("/teamwork.txt")));
        Assert.Equal(new LockKey("root", VfsPath.Parse("/bob/common/other.txt")), BobWithMount.KeyFor(VfsPath.Parse("/common/other.txt")));
    }

    [Fact]
    public void The_deepest_mount_that_holds_a_path_serves_it()
    {
        var nested = new LockSite("root", VfsPath.Root)
        {
            Mounts = [new LockMount(VfsPath.Parse("/a"), "/srv/a", VfsPath.Root), new LockMount(VfsPath.Parse("/a/b"), "/srv/b", VfsPath.Root)],
        };

        Assert.Equal(new LockKey("/srv/b", VfsPath.Parse("/x")), nested.KeyFor(VfsPath.Parse("/a/b/x")));
        Assert.Equal(new LockKey("/srv/a", VfsPath.Parse("/c")), nested.KeyFor(VfsPath.Parse("/a/c")));
    }

    [Fact]
    public void A_target_names_the_folders_mounted_below_it_and_only_those()
    {
        Assert.Equal([new LockKey("/srv/shared", VfsPath.Root)], AliceWithMount.TargetFor(VfsPath.Root).Mounted);
        Assert.Equal([new LockKey("/srv/shared", VfsPath.Root)], BobWithMount.TargetFor(VfsPath.Parse("/common")).Mounted);
        Assert.Empty(BobWithMount.TargetFor(VfsPath.Parse("/common/docs")).Mounted);
        Assert.Empty(AliceWithMount.TargetFor(VfsPath.Parse("/elsewhere")).Mounted);
        Assert.Equal(new LockKey("root", VfsPath.Parse("/bob/common")), BobWithMount.TargetFor(VfsPath.Parse("/common")).Key);
    }

    [Fact]
    public void A_key_in_a_mounted_folder_is_located_where_this_account_shows_it()
    {
        var key = AliceWithMount.KeyFor(VfsPath.Parse("/team/plan.txt"));

        Assert.True(BobWithMount.TryLocate(key, out var path));
        Assert.Equal(VfsPath.Parse("/common/docs/plan.txt"), path);
        Assert.True(BobWithMount.TryLocate(new LockKey("/srv/shared", VfsPath.Root), out var mountPoint));
        Assert.Equal(VfsPath.Parse("/common/docs"), mountPoint);
    }

    [Fact]
    public void A_key_in_the_folder_a_mount_hides_is_not_located()
    {
        // The real folder /bob/common/docs under the root is hidden by the mount: bob cannot reach it.
        Assert.False(BobWithMount.TryLocate(new LockKey("root", VfsPath.Parse("/bob/common/docs/old.txt")), out var hidden));
        Assert.Null(hidden);
        Assert.False(Alice.TryLocate(new LockKey("/srv/shared", VfsPath.Parse("/plan.txt")), out _));
    }

    [Fact]
    public void Sites_with_the_same_mounts_in_another_order_are_equal()
    {
        var one = new LockMount(VfsPath.Parse("/a"), "/srv/a", VfsPath.Root);
        var two = new LockMount(VfsPath.Parse("/a/b"), "/srv/b", VfsPath.Root);

        Assert.Equal(new LockSite("root", VfsPath.Root) { Mounts = [one, two] }, new LockSite("root", VfsPath.Root) { Mounts = [two, one] });
        Assert.NotEqual(new LockSite("root", VfsPath.Root) { Mounts = [one] }, new LockSite("root", VfsPath.Root));
    }

    [Fact]
    public void The_folders_mounted_below_a_path_come_outermost_first_with_where_each_lies_below_it()
    {
        var site = new LockSite("root", VfsPath.Parse("/carl"))
        {
            Mounts =
            [
                new LockMount(VfsPath.Parse("/work/inner/deep"), "/srv/deep", VfsPath.Root),
                new LockMount(VfsPath.Parse("/work/inner"), "/srv/inner", VfsPath.Parse("/x")),
                new LockMount(VfsPath.Parse("/other"), "/srv/other", VfsPath.Root),
            ],
        };

        Assert.Equal(
            [(VfsPath.Parse("/inner"), new LockKey("/srv/inner", VfsPath.Parse("/x"))), (VfsPath.Parse("/inner/deep"), new LockKey("/srv/deep", VfsPath.Root))],
            site.MountedBelow(VfsPath.Parse("/work")));
        Assert.Empty(site.MountedBelow(VfsPath.Parse("/work/inner/deep")));
        Assert.Empty(site.MountedBelow(VfsPath.Parse("/elsewhere")));
    }
}
