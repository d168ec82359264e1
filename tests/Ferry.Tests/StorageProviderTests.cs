using System.Collections.Immutable;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Serving;
using Ferry.Storage.Local;

namespace Ferry.Tests;

public sealed class StorageProviderTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly StorageProvider _provider;

    public StorageProviderTests()
    {
        Root = Directory.CreateDirectory(_temp.File("root")).FullName;
        _provider = new StorageProvider(Root, LocalStorageOptions.Default);
    }

    private string Root { get; }

    public void Dispose()
    {
        _provider.Dispose();
        _temp.Dispose();
    }

    private static Account WithHome(string home) =>
        new("bob", "$h", home, Permissions.All, ImmutableArray<FolderPermission>.Empty);

    [Theory]
    [InlineData("bob", "bob")]
    [InlineData("shared/bob", "shared/bob")]
    [InlineData("shared\\bob", "shared/bob")]
    [InlineData("", "")]
    public void A_relative_home_lies_under_the_root(string home, string expected)
    {
        Assert.Equal(Path.GetFullPath(Path.Combine(Root, expected)), _provider.HomeOf(WithHome(home)));
    }

    // Homes stored by an older Ferry (a name of ".." once became the home ".."): resolved like a
    // client's path, ".." stops at the root.
    [Theory]
    [InlineData("..", "")]
    [InlineData("../y", "y")]
    [InlineData("a/../../..", "")]
    [InlineData("..\\..\\etc", "etc")]
    [InlineData("./../bob/.", "bob")]
    public void A_relative_home_never_leaves_the_root(string home, string expected)
    {
        var resolved = _provider.HomeOf(WithHome(home));

        Assert.Equal(Path.GetFullPath(Path.Combine(Root, expected)), resolved);
        Assert.StartsWith(Root, resolved, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C:")]
    [InlineData("C:x")]
    [InlineData("bad\u0000name")]
    public void A_home_that_is_no_path_is_unavailable(string home)
    {
        Assert.Throws<IOException>(() => _provider.HomeOf(WithHome(home)));
    }

    [Fact]
    public void An_absolute_home_stands_alone()
    {
        var elsewhere = Path.GetFullPath(_temp.File("elsewhere"));

        Assert.Equal(elsewhere, _provider.HomeOf(WithHome(elsewhere)));
    }

    [Fact]
    public void For_creates_the_home_under_the_root()
    {
        var storage = _provider.For(WithHome("../carol"));

        Assert.NotNull(storage);
        Assert.True(Directory.Exists(Path.Combine(Root, "carol")));
        Assert.False(Directory.Exists(_temp.File("carol")));
    }

    [Fact]
    public void Storage_Jail_Portable_serves_homes_through_the_portable_storage()
    {
        using var provider = new StorageProvider(Root, LocalStorageOptions.Default with { Jail = LocalJail.Portable });

        Assert.IsType<PortableStorage>(provider.For(WithHome("dave")));
        Assert.IsType<LocalStorage>(_provider.For(WithHome("dave")));
        Assert.Equal(PortableStorage.PortableCapabilities, provider.Capabilities);
    }

    [Fact]
    public void Homes_under_the_root_share_the_roots_lock_tree()
    {
        Assert.Equal(new LockSite("root", VfsPath.Parse("/shared/bob")), _provider.LockSiteOf(WithHome("shared/bob")));
        Assert.Equal(new LockSite("root", VfsPath.Root), _provider.LockSiteOf(WithHome("")));
    }

    [Fact]
    public void An_absolute_home_outside_the_root_is_a_lock_tree_of_its_own()
    {
        var elsewhere = Directory.CreateDirectory(_temp.File("elsewhere")).FullName;
        Assert.Equal(new LockSite(elsewhere, VfsPath.Root), _provider.LockSiteOf(WithHome(elsewhere)));
    }

    [Fact]
    public void An_absolute_home_inside_the_root_shares_the_roots_lock_tree()
    {
        Assert.Equal(new LockSite("root", VfsPath.Parse("/inside")), _provider.LockSiteOf(WithHome(Path.Combine(Root, "inside"))));
    }
}
