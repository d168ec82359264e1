using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local.Tests;

/// <summary>The containment check of final paths, in each platform's spelling (runs anywhere: it is string logic).</summary>
public sealed class RootFenceTests
{
    [Theory]
    [InlineData(@"\\?\C:\srv\root\a", true)]
    [InlineData(@"\\?\C:\srv\root", true)]
    [InlineData(@"\\?\C:\srv\root\", true)]
    [InlineData(@"C:\srv\root\sub\deep.txt", true)]
    [InlineData(@"\\?\c:\SRV\Root\a", true)]
    [InlineData(@"\\?\C:\srv\root2", false)]
    [InlineData(@"\\?\C:\srv\root2\a", false)]
    [InlineData(@"\\?\C:\srv", false)]
    [InlineData(@"\\?\D:\srv\root\a", false)]
    [InlineData(@"\\?\C:\srv\root\..\root2", false)]
    [InlineData(@"\\?\UNC\server\share\srv\root\a", false)]
    [InlineData(@"C:/srv/root/a", true)]
    public void Windows_final_paths_are_inside_only_below_the_root(string finalPath, bool inside)
    {
        var fence = new RootFence(@"\\?\C:\srv\root", PathStyle.Windows);

        Assert.Equal(inside, fence.Contains(finalPath));
    }

    [Theory]
    [InlineData(@"\\?\UNC\server\share\root\a", true)]
    [InlineData(@"\\server\share\root\a", true)]
    [InlineData(@"\\?\UNC\SERVER\Share\ROOT", true)]
    [InlineData(@"\\?\UNC\server\share\rootx", false)]
    [InlineData(@"\\?\UNC\server\other\root\a", false)]
    [InlineData(@"\\?\C:\root\a", false)]
    public void A_root_on_a_UNC_share_compares_with_both_spellings(string finalPath, bool inside)
    {
        var fence = new RootFence(@"\\?\UNC\server\share\root\", PathStyle.Windows);

        Assert.Equal(@"\\server\share\root", fence.Root);
        Assert.Equal(inside, fence.Contains(finalPath));
    }

    [Fact]
    public void A_whole_volume_as_root_keeps_its_separator()
    {
        var windows = new RootFence(@"\\?\C:\", PathStyle.Windows);
        var unix = new RootFence("/", PathStyle.Linux);

        Assert.Equal(@"C:\", windows.Root);
        Assert.True(windows.Contains(@"\\?\C:\anything\below"));
        Assert.False(windows.Contains(@"\\?\D:\x"));
        Assert.Equal("/", unix.Root);
        Assert.True(unix.Contains("/etc/passwd"));
    }

    [Theory]
    [InlineData("/srv/root/a", true)]
    [InlineData("/srv/root/", true)]
    [InlineData("/srv/root//", true)]
    [InlineData("/srv/Root/a", false)]
    [InlineData("/srv/root2/a", false)]
    [InlineData("/srv/root/../etc", false)]
    [InlineData("/etc/passwd", false)]
    public void Linux_compares_case_exactly(string finalPath, bool inside)
    {
        var fence = new RootFence("/srv/root/", PathStyle.Linux);

        Assert.Equal(inside, fence.Contains(finalPath));
    }

    [Theory]
    [InlineData("/private/var/root/a", true)]
    [InlineData("/Private/Var/ROOT/a", true)]
    [InlineData("/private/var/rootless", false)]
    [InlineData("/var/root/a", false)]
    public void MacOS_compares_ignoring_case(string finalPath, bool inside)
    {
        var fence = new RootFence("/private/var/root", PathStyle.MacOS);

        Assert.Equal(inside, fence.Contains(finalPath));
    }

    [Fact]
    public void Ensure_refuses_with_Denied()
    {
        var fence = new RootFence("/srv/root", PathStyle.Linux);

        fence.Ensure("/srv/root/a");
        Assert.Equal(FileError.Denied, Assert.Throws<StorageException>(() => fence.Ensure("/etc/passwd")).Error);
    }
}
