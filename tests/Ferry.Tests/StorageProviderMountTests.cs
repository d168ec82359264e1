using System.Collections.Immutable;
using System.Text;
using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Serving;
using Ferry.Storage.Local;

namespace Ferry.Tests;

/// <summary>Storage:Mounts as accounts see them: placed by where each home lies, and each account's own Mounts.</summary>
public sealed class StorageProviderMountTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _temp = new();

    public StorageProviderMountTests()
    {
        Root = Directory.CreateDirectory(_temp.File("root")).FullName;
        Reports = Directory.CreateDirectory(_temp.File("reports")).FullName;
        File.WriteAllText(Path.Combine(Reports, "q1.csv"), "mounted");
    }

    private string Root { get; }

    private string Reports { get; }

    public void Dispose() => _temp.Dispose();

    private StorageProvider Provider(params (string Path, string Folder)[] mounts) =>
        new(Root, LocalStorageOptions.Default, mounts: [.. mounts.Select(m => new FolderMount(VfsPath.Parse(m.Path), m.Folder))]);

    private static Account WithHome(string home, params (string Path, string Folder)[] mounts) =>
        new("bob", "$h", home, Permissions.All, ImmutableArray<FolderPermission>.Empty)
        {
            Mounts = [.. mounts.Select(m => new FolderMount(VfsPath.Parse(m.Path), m.Folder))],
        };

    private static async Task<List<string>> NamesAsync(IStorage storage, string folder)
    {
        var names = new List<string>();
        await foreach (var entry in storage.ListAsync(VfsPath.Parse(folder), None))
        {
            names.Add(entry.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    [Fact]
    public async Task An_account_whose_home_is_the_root_sees_a_root_mount_at_its_path()
    {
        using var provider = Provider(("/reports", Reports));

        var storage = provider.For(WithHome(""));

        Assert.Equal(["reports"], await NamesAsync(storage, "/"));
        Assert.Equal(["q1.csv"], await NamesAsync(storage, "/reports"));
    }

    [Fact]
    public async Task An_account_whose_home_lies_above_the_mount_sees_it_at_the_same_place_of_its_own_tree()
    {
        using var provider = Provider(("/alice/reports", Reports));

        Assert.Equal(["q1.csv"], await NamesAsync(provider.For(WithHome("alice")), "/reports"));
        Assert.Empty(await NamesAsync(provider.For(WithHome("carol")), "/"));
    }

    [Fact]
    public async Task A_home_inside_a_mount_lies_in_the_mounted_folder()
    {
        Directory.CreateDirectory(Path.Combine(Reports, "team"));
        File.WriteAllText(Path.Combine(Reports, "team", "plan.txt"), "team");
        using var provider = Provider(("/reports", Reports));

        Assert.Equal(["plan.txt"], await NamesAsync(provider.For(WithHome("reports/team")), "/"));
        Assert.Equal(["q1.csv", "team"], await NamesAsync(provider.For(WithHome("reports")), "/"));
    }

    [Fact]
    public async Task An_accounts_own_mounts_are_relative_to_its_home_and_win_over_a_root_mount_there()
    {
        var other = Directory.CreateDirectory(_temp.File("other")).FullName;
        File.WriteAllText(Path.Combine(other, "mine.txt"), "own");
        using var provider = Provider(("/bob/reports", Reports));

        var storage = provider.For(WithHome("bob", ("/reports", other), ("/also", Reports)));

        Assert.Equal(["also", "reports"], await NamesAsync(storage, "/"));
        Assert.Equal(["mine.txt"], await NamesAsync(storage, "/reports"));
        Assert.Equal(["q1.csv"], await NamesAsync(storage, "/also"));
    }

    [Fact]
    public async Task An_upload_into_a_mount_lands_in_the_mounted_folder_and_a_rename_out_is_refused()
    {
        using var provider = Provider(("/reports", Reports));
        var files = new FileService(provider.For(WithHome("")), WithHome(""));

        var upload = (await files.OpenWriteAsync(VfsPath.Parse("/reports/new.txt"), WriteMode.Replace, 0, None)).Value!;
        await using (upload)
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("new"));
            await upload.CommitAsync(None);
        }

        Assert.Equal("new", File.ReadAllText(Path.Combine(Reports, "new.txt")));
        Assert.False(File.Exists(Path.Combine(Root, "reports", "new.txt")));
        Assert.Equal(FileError.CrossesMount, (await files.RenameAsync(VfsPath.Parse("/reports/new.txt"), VfsPath.Parse("/new.txt"), overwrite: false, None)).Error);
    }

    [Fact]
    public async Task A_symlink_out_of_a_mounted_folder_is_refused_like_one_out_of_the_root()
    {
        File.WriteAllText(_temp.File("secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(Reports, "escape.txt"), _temp.File("secret.txt"));
        using var provider = Provider(("/reports", Reports));
        var files = new FileService(provider.For(WithHome("")), WithHome(""));

        var read = await files.OpenReadAsync(VfsPath.Parse("/reports/escape.txt"), 0, None);

        Assert.False(read.Ok);
    }

    [Fact]
    public async Task A_local_file_in_a_mount_still_offers_sendfile()
    {
        // Large enough that the local storage opens it for the kernel's send path (a small file is read at once).
        File.WriteAllBytes(Path.Combine(Reports, "big.iso"), new byte[1024 * 1024]);
        using var provider = Provider(("/reports", Reports));

        await using var handle = await provider.For(WithHome("")).OpenReadAsync(VfsPath.Parse("/reports/big.iso"), 0, None);

        Assert.NotNull(handle.GetFacet<ISendableFile>());
    }

    [Fact]
    public void Without_mounts_an_account_gets_its_homes_storage_itself()
    {
        using var provider = Provider(("/elsewhere/reports", Reports));

        Assert.IsType<LocalStorage>(provider.For(WithHome("bob")));
    }

    [Fact]
    public void Accounts_that_mount_one_folder_at_different_places_lock_its_files_at_one_key()
    {
        using var provider = Provider();
        var alice = provider.LockSiteOf(WithHome("alice", ("/team", Reports)));
        var bob = provider.LockSiteOf(WithHome("bob", ("/common/docs", Reports)));

        var key = alice.KeyFor(VfsPath.Parse("/team/q1.csv"));

        Assert.Equal(key, bob.KeyFor(VfsPath.Parse("/common/docs/q1.csv")));
        Assert.Equal(new LockKey(Reports, VfsPath.Parse("/q1.csv")), key);
        Assert.Equal(new LockKey("root", VfsPath.Parse("/alice/q1.csv")), alice.KeyFor(VfsPath.Parse("/q1.csv")));
    }

    [Fact]
    public void A_home_inside_a_root_mount_locks_where_the_root_account_sees_the_same_file()
    {
        using var provider = Provider(("/reports", Reports));

        var admin = provider.LockSiteOf(WithHome(""));
        var team = provider.LockSiteOf(WithHome("reports/team"));

        Assert.Equal(admin.KeyFor(VfsPath.Parse("/reports/team/plan.txt")), team.KeyFor(VfsPath.Parse("/plan.txt")));
        Assert.Equal(new LockKey(Reports, VfsPath.Parse("/team/plan.txt")), team.KeyFor(VfsPath.Parse("/plan.txt")));
        Assert.Equal([new LockKey(Reports, VfsPath.Root)], admin.TargetFor(VfsPath.Root).Mounted);
    }

    [Fact]
    public void A_mounted_folder_inside_the_root_locks_in_the_roots_tree()
    {
        using var provider = Provider();
        var inside = Directory.CreateDirectory(Path.Combine(Root, "teams", "a")).FullName;

        var alice = provider.LockSiteOf(WithHome("alice", ("/team", inside)));

        Assert.Equal(new LockKey("root", VfsPath.Parse("/teams/a/x.txt")), alice.KeyFor(VfsPath.Parse("/team/x.txt")));
        Assert.Equal(provider.LockSiteOf(WithHome("teams/a")).KeyFor(VfsPath.Parse("/x.txt")), alice.KeyFor(VfsPath.Parse("/team/x.txt")));
    }
}
