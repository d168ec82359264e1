using System.Collections.Immutable;
using Ferry.Configuration;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Serving;
using Ferry.Storage.Local;

namespace Ferry.Tests;

/// <summary>
/// One file, one lock key, whichever site reaches it: IIS sites' roots often nest (the default site
/// at ftproot, a partner site at ftproot/partners), and a lock taken through one must bind the other.
/// </summary>
public sealed class LockPlacesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public LockPlacesTests()
    {
        Root = Directory.CreateDirectory(_temp.File("ftproot")).FullName;
        Partners = Directory.CreateDirectory(Path.Combine(Root, "partners")).FullName;
        Elsewhere = Directory.CreateDirectory(_temp.File("elsewhere")).FullName;
        Shared = Directory.CreateDirectory(_temp.File("shared")).FullName;
    }

    private string Root { get; }

    private string Partners { get; }

    private string Elsewhere { get; }

    private string Shared { get; }

    public void Dispose() => _temp.Dispose();

    private static SiteSettings Site(string name, string root, params FolderMount[] mounts) =>
        new(name, [], root, null, [], InheritAccounts: false, AnonymousHome: null, Tls: null) { Mounts = mounts };

    private static Account WithHome(string home) => new("bob", "$h", home, Permissions.All, ImmutableArray<FolderPermission>.Empty);

    [Fact]
    public void A_site_whose_root_lies_in_the_served_root_is_placed_in_the_root_tree()
    {
        var places = LockPlaces.Of(Root, sites: [Site("partners.example", Partners), Site("other.example", Elsewhere)]);

        Assert.Equal((LockPlaces.RootTree, VfsPath.Parse("/partners/in")), places.PlaceOf(Path.Combine(Partners, "in")));
        Assert.Equal((Elsewhere, VfsPath.Parse("/x")), places.PlaceOf(Path.Combine(Elsewhere, "x")));
        Assert.Equal((Shared, VfsPath.Root), places.PlaceOf(Shared));
    }

    [Fact]
    public void A_folder_mounted_in_a_site_is_placed_in_the_outermost_tree_that_holds_it()
    {
        var mount = new FolderMount(VfsPath.Parse("/docs"), Path.Combine(Shared, "docs"));
        var places = LockPlaces.Of(Root, [new FolderMount(VfsPath.Parse("/all"), Shared)], [Site("other.example", Elsewhere, mount)]);

        Assert.Equal((Shared, VfsPath.Parse("/docs/a")), places.PlaceOf(Path.Combine(Shared, "docs", "a")));
    }

    [Fact]
    public void Accounts_of_nested_sites_lock_one_file_at_one_key()
    {
        var places = LockPlaces.Of(Root, sites: [Site("partners.example", Partners)]);
        using var server = new StorageProvider(Root, LocalStorageOptions.Default, places: places);
        using var site = new StorageProvider(Partners, LocalStorageOptions.Default, places: places);

        var admin = server.LockSiteOf(WithHome(""));
        var partner = site.LockSiteOf(WithHome("acme"));

        Assert.Equal(admin.KeyFor(VfsPath.Parse("/partners/acme/order.csv")), partner.KeyFor(VfsPath.Parse("/order.csv")));
        Assert.True(partner.TryLocate(admin.KeyFor(VfsPath.Parse("/partners/acme/order.csv")), out var seen));
        Assert.Equal(VfsPath.Parse("/order.csv"), seen);
    }

    [Fact]
    public void Without_sites_a_provider_places_its_root_and_mounts_as_before()
    {
        using var provider = new StorageProvider(Root, LocalStorageOptions.Default, [new FolderMount(VfsPath.Parse("/s"), Shared)]);

        Assert.Equal(new LockKey(LockPlaces.RootTree, VfsPath.Parse("/bob/a")), provider.LockSiteOf(WithHome("bob")).KeyFor(VfsPath.Parse("/a")));
        Assert.Equal(new LockKey(Shared, VfsPath.Parse("/a")), provider.LockSiteOf(WithHome("")).KeyFor(VfsPath.Parse("/s/a")));
    }
}
