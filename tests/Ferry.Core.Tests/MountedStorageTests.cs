using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;
using Ferry.Core.Storage.Mounted;
using Microsoft.Win32.SafeHandles;
using static Ferry.Core.Tests.StorageText;

namespace Ferry.Core.Tests;

public sealed class MountedStorageTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InMemoryStorage _base = new();
    private readonly InMemoryStorage _reports = new();

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private MountedStorage Tree(params (string Path, IStorage Storage)[] more) =>
        new(_base, [new Mount(P("/reports"), _reports), .. more.Select(m => new Mount(P(m.Path), m.Storage))]);

    private static FileService Service(IStorage storage, params (string Folder, Permissions Rights)[] rules) =>
        new(storage, new Account("alice", "not-a-real-hash", "/srv/alice", Permissions.All, [.. rules.Select(r => new FolderPermission(P(r.Folder), r.Rights))]));

    private static async Task<List<string>> NamesAsync(IStorage storage, string folder)
    {
        var names = new List<string>();
        await foreach (var entry in storage.ListAsync(P(folder), None))
        {
            names.Add(entry.IsDirectory ? entry.Name + "/" : entry.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static async Task<FileError> ErrorOf(Func<ValueTask> call)
    {
        var e = await Assert.ThrowsAsync<StorageException>(async () => await call());
        return e.Error;
    }

    [Fact]
    public async Task Mount_point_is_listed_once_as_a_folder_even_without_one_on_the_base()
    {
        await WriteAsync(_base, "/a.txt", "a");

        Assert.Equal(["a.txt", "reports/"], await NamesAsync(Tree(), "/"));
        var entry = await Tree().StatAsync(P("/reports"), None);
        Assert.Equal("reports", entry?.Name);
        Assert.True(entry?.IsDirectory);
    }

    [Fact]
    public async Task A_base_entry_of_the_mount_points_name_is_hidden_by_the_mount()
    {
        await _base.CreateDirectoryAsync(P("/reports"), None);
        await WriteAsync(_base, "/reports/hidden.txt", "base");
        await WriteAsync(_reports, "/q1.csv", "mounted");

        Assert.Equal(["reports/"], await NamesAsync(Tree(), "/"));
        Assert.Equal(["q1.csv"], await NamesAsync(Tree(), "/reports"));
        Assert.Null(await Tree().StatAsync(P("/reports/hidden.txt"), None));
    }

    [Fact]
    public async Task A_base_file_of_the_mount_points_name_is_hidden_too()
    {
        await WriteAsync(_base, "/reports", "a file");

        Assert.Equal(["reports/"], await NamesAsync(Tree(), "/"));
    }

    [Fact]
    public async Task Paths_below_the_mount_point_are_translated_into_the_mounted_storage()
    {
        var tree = Tree();
        await tree.CreateDirectoryAsync(P("/reports/2026"), None);
        await WriteAsync(tree, "/reports/2026/q1.csv", "mounted");

        Assert.Equal("mounted", await ReadAsync(_reports, "/2026/q1.csv"));
        Assert.Null(await _base.StatAsync(P("/reports"), None));
        Assert.Equal("2026", (await tree.StatAsync(P("/reports/2026"), None))?.Name);
        Assert.Equal(["q1.csv"], await NamesAsync(tree, "/reports/2026"));
    }

    [Fact]
    public async Task Paths_beside_the_mount_point_stay_on_the_base()
    {
        var tree = Tree();
        await WriteAsync(tree, "/reportsx.txt", "base");
        await tree.CreateDirectoryAsync(P("/report"), None);

        Assert.Equal("base", await ReadAsync(_base, "/reportsx.txt"));
        Assert.NotNull(await _base.StatAsync(P("/report"), None));
        Assert.Empty(await NamesAsync(_reports, "/"));
    }

    [Fact]
    public async Task Dot_dot_below_a_mount_point_never_climbs_out_of_the_tree_and_leaves_the_mount_at_its_point()
    {
        var tree = Tree();
        Assert.True(VfsPath.TryResolve("../../../../etc/passwd", P("/reports/2026"), out var climbed));
        await _base.CreateDirectoryAsync(P("/etc"), None);
        await WriteAsync(tree, climbed.Value, "written");

        // "/reports/2026/../../../.." is the tree's root: the base's, never the mounted folder's parent.
        Assert.Equal("/etc/passwd", climbed.Value);
        Assert.Equal("written", await ReadAsync(_base, "/etc/passwd"));
        Assert.Empty(await NamesAsync(_reports, "/"));
    }

    [Fact]
    public async Task Nested_mounts_route_to_the_deepest_and_each_shows_once_in_its_parent()
    {
        var archive = new InMemoryStorage();
        await _reports.CreateDirectoryAsync(P("/archive"), None);
        await WriteAsync(_reports, "/archive/old.txt", "hidden");
        await WriteAsync(_reports, "/now.txt", "reports");
        var tree = Tree(("/reports/archive", archive));

        await WriteAsync(tree, "/reports/archive/2019.txt", "archived");

        Assert.Equal("archived", await ReadAsync(archive, "/2019.txt"));
        Assert.Equal(["archive/", "now.txt"], await NamesAsync(tree, "/reports"));
        Assert.Equal(["2019.txt"], await NamesAsync(tree, "/reports/archive"));
        Assert.Equal(["reports/"], await NamesAsync(tree, "/"));
    }

    [Fact]
    public async Task Folders_above_a_deep_mount_point_are_shown_even_where_the_base_has_none()
    {
        var deep = new InMemoryStorage();
        await WriteAsync(deep, "/x.txt", "deep");
        var tree = Tree(("/shares/team/docs", deep));

        Assert.Equal(["reports/", "shares/"], await NamesAsync(tree, "/"));
        Assert.Equal(["team/"], await NamesAsync(tree, "/shares"));
        Assert.Equal(["docs/"], await NamesAsync(tree, "/shares/team"));
        Assert.True((await tree.StatAsync(P("/shares/team"), None))?.IsDirectory);
        Assert.Equal("deep", await ReadAsync(tree, "/shares/team/docs/x.txt"));
    }

    [Fact]
    public async Task A_folder_above_a_mount_point_lists_the_base_too_once_the_base_has_it()
    {
        var tree = Tree(("/shares/docs", new InMemoryStorage()));
        await tree.CreateDirectoryAsync(P("/shares"), None);
        await WriteAsync(tree, "/shares/readme.txt", "base");

        Assert.Equal(["docs/", "readme.txt"], await NamesAsync(tree, "/shares"));
        Assert.Equal("base", await ReadAsync(_base, "/shares/readme.txt"));
    }

    [Fact]
    public async Task The_mount_point_cannot_be_removed_renamed_or_replaced()
    {
        var files = Service(Tree());

        Assert.Equal(FileError.Denied, (await files.DeleteDirectoryAsync(P("/reports"), None)).Error);
        Assert.Equal(FileError.IsADirectory, (await files.DeleteFileAsync(P("/reports"), None)).Error);
        Assert.Equal(FileError.Denied, (await files.RenameAsync(P("/reports"), P("/old"), overwrite: false, None)).Error);
        Assert.Equal(FileError.Exists, (await files.CreateDirectoryAsync(P("/reports"), None)).Error);
        Assert.Equal(FileError.IsADirectory, (await files.OpenWriteAsync(P("/reports"), WriteMode.Replace, 0, None)).Error);
        Assert.Equal(["reports/"], await NamesAsync(Tree(), "/"));
    }

    [Fact]
    public async Task Nothing_is_renamed_or_copied_onto_a_mount_point()
    {
        await WriteAsync(_base, "/a.txt", "a");
        await _base.CreateDirectoryAsync(P("/d"), None);
        var files = Service(Tree());

        Assert.Equal(FileError.Exists, (await files.RenameAsync(P("/a.txt"), P("/reports"), overwrite: true, None)).Error);
        Assert.Equal(FileError.Exists, (await files.RenameAsync(P("/d"), P("/reports"), overwrite: true, None)).Error);
        Assert.Equal(FileError.Exists, (await files.CopyAsync(P("/a.txt"), P("/reports"), overwrite: true, recursive: false, None)).Error);
        Assert.Equal("a", await ReadAsync(_base, "/a.txt"));
    }

    [Fact]
    public async Task A_folder_that_holds_a_mount_point_cannot_be_removed_or_renamed()
    {
        var tree = Tree(("/shares/docs", new InMemoryStorage()));
        await tree.CreateDirectoryAsync(P("/shares"), None);
        var files = Service(tree);

        Assert.Equal(FileError.Denied, (await files.DeleteDirectoryAsync(P("/shares"), None)).Error);
        Assert.Equal(FileError.Denied, (await files.RenameAsync(P("/shares"), P("/elsewhere"), overwrite: false, None)).Error);
        Assert.NotNull(await _base.StatAsync(P("/shares"), None));
    }

    [Fact]
    public async Task A_rename_across_a_mount_point_is_refused_either_way_and_changes_nothing()
    {
        await WriteAsync(_base, "/a.txt", "base");
        await WriteAsync(_reports, "/r.txt", "mounted");
        await _base.CreateDirectoryAsync(P("/d"), None);
        var files = Service(Tree());

        Assert.Equal(FileError.CrossesMount, (await files.RenameAsync(P("/a.txt"), P("/reports/a.txt"), overwrite: false, None)).Error);
        Assert.Equal(FileError.CrossesMount, (await files.RenameAsync(P("/reports/r.txt"), P("/r.txt"), overwrite: false, None)).Error);
        Assert.Equal(FileError.CrossesMount, (await files.RenameAsync(P("/d"), P("/reports/d"), overwrite: false, None)).Error);
        Assert.Equal("base", await ReadAsync(_base, "/a.txt"));
        Assert.Equal(["r.txt"], await NamesAsync(_reports, "/"));
    }

    [Fact]
    public async Task A_rename_within_one_mounted_storage_is_that_storages_rename()
    {
        await WriteAsync(_reports, "/r.txt", "mounted");
        var files = Service(Tree());

        Assert.True((await files.RenameAsync(P("/reports/r.txt"), P("/reports/s.txt"), overwrite: false, None)).Ok);
        Assert.Equal(["s.txt"], await NamesAsync(_reports, "/"));
    }

    [Fact]
    public async Task The_storage_refuses_a_copy_across_but_FileService_streams_it()
    {
        await WriteAsync(_base, "/a.txt", "base");
        var tree = Tree();

        Assert.Equal(FileError.CrossesMount, await ErrorOf(() => tree.CopyAsync(P("/a.txt"), P("/reports/a.txt"), overwrite: false, None)));
        Assert.True((await Service(tree).CopyAsync(P("/a.txt"), P("/reports/a.txt"), overwrite: false, recursive: false, None)).Ok);
        Assert.Equal("base", await ReadAsync(_reports, "/a.txt"));
        Assert.Equal("base", await ReadAsync(_base, "/a.txt"));
    }

    [Fact]
    public async Task Folder_rules_apply_by_the_virtual_path_on_a_mount()
    {
        var files = Service(Tree(), ("/reports", Permissions.List | Permissions.Read));
        await WriteAsync(_reports, "/r.txt", "mounted");

        Assert.Equal(FileError.Denied, (await files.OpenWriteAsync(P("/reports/new.txt"), WriteMode.Replace, 0, None)).Error);
        Assert.Equal(FileError.Denied, (await files.DeleteFileAsync(P("/reports/r.txt"), None)).Error);
        Assert.True((await files.OpenReadAsync(P("/reports/r.txt"), 0, None)).Ok);
        Assert.True((await files.StatAsync(P("/reports/r.txt"), None)).Ok);
    }

    [Fact]
    public void Capabilities_are_what_every_storage_in_the_tree_promises_and_portable_names_are_asked_if_any_asks()
    {
        var appendOnly = new InMemoryStorage(StorageCapabilities.Append | StorageCapabilities.SetTimes) { PortableNames = true };
        var tree = new MountedStorage(new InMemoryStorage(StorageCapabilities.SetTimes | StorageCapabilities.RandomWrite), [new Mount(P("/m"), appendOnly)]);

        Assert.Equal(StorageCapabilities.SetTimes, tree.Capabilities);
        Assert.True(tree.PortableNames);
        Assert.Equal(InMemoryStorage.DefaultCapabilities, Tree().Capabilities);
        Assert.False(Tree().PortableNames);
    }

    [Fact]
    public async Task Each_call_meets_the_capabilities_of_the_storage_it_reaches()
    {
        var tree = new MountedStorage(new InMemoryStorage(StorageCapabilities.Append), [new Mount(P("/m"), new InMemoryStorage(StorageCapabilities.None))]);

        await using (var upload = await tree.OpenWriteAsync(P("/log.txt"), WriteMode.Append, 0, None))
        {
            await upload.CommitAsync(None);
        }

        Assert.Equal(FileError.Unsupported, await ErrorOf(async () => await tree.OpenWriteAsync(P("/m/log.txt"), WriteMode.Append, 0, None)));
    }

    [Fact]
    public async Task Where_names_ignore_case_a_mount_point_is_matched_and_hides_the_base_entry_in_any_case()
    {
        var caseless = new InMemoryStorage { IgnoresCase = true };
        await caseless.CreateDirectoryAsync(P("/Reports"), None);
        await WriteAsync(caseless, "/Reports/hidden.txt", "base");
        await WriteAsync(_reports, "/q1.csv", "mounted");
        var tree = new MountedStorage(caseless, [new Mount(P("/reports"), _reports)]);

        Assert.Equal("mounted", await ReadAsync(tree, "/REPORTS/q1.csv"));
        Assert.Equal(["reports/"], await NamesAsync(tree, "/"));
        Assert.Equal("reports", (await tree.StatAsync(P("/REPORTS"), None))?.Name);
        Assert.Equal(FileError.Denied, await ErrorOf(() => tree.DeleteDirectoryAsync(P("/REPORTS"), None)));
        Assert.Throws<ArgumentException>(() => new MountedStorage(caseless, [new Mount(P("/r"), _reports), new Mount(P("/R"), _reports)]));
    }

    [Fact]
    public void A_mount_at_the_root_or_two_at_one_path_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new MountedStorage(_base, [new Mount(VfsPath.Root, _reports)]));
        Assert.Throws<ArgumentException>(() => new MountedStorage(_base, [new Mount(P("/r"), _reports), new Mount(P("/r"), new InMemoryStorage())]));
    }

    [Fact]
    public async Task Facets_of_the_reached_storage_pass_through_unwrapped()
    {
        var local = new FacetStorage();
        await WriteAsync(local, "/big.iso", "bytes");
        var tree = new MountedStorage(_base, [new Mount(P("/isos"), local)]);

        await using var handle = await tree.OpenReadAsync(P("/isos/big.iso"), 0, None);

        Assert.NotNull(handle.GetFacet<ISendableFile>());
        Assert.Equal(4242, await tree.AvailableBytesAsync(P("/isos"), None));
        Assert.Equal(FileError.Unsupported, await ErrorOf(async () => await tree.AvailableBytesAsync(P("/"), None)));
    }

    [Fact]
    public async Task Free_space_of_a_folder_is_what_its_own_storage_reports()
    {
        var tree = new MountedStorage(_base, [new Mount(P("/isos"), new FacetStorage())]);
        var files = Service(tree);

        Assert.Equal(4242, (await files.AvailableBytesAsync(P("/isos"), None)).Value);
        Assert.Equal(FileError.Unsupported, (await files.AvailableBytesAsync(P("/"), None)).Error);
    }

    [Fact]
    public void An_open_session_takes_new_rights_but_not_new_mounts()
    {
        var account = new Account("alice", "not-a-real-hash", "/srv/alice", Permissions.All, []) { Mounts = [new FolderMount(P("/reports"), "/srv/reports")] };
        var files = new FileService(Tree(), account);

        Assert.True(files.TryUpdateAccount(account with { DefaultPermissions = Permissions.List, Mounts = [new FolderMount(P("/reports"), "/srv/reports")] }));
        Assert.False(files.TryUpdateAccount(account with { Mounts = [new FolderMount(P("/reports"), "/srv/elsewhere")] }));
        Assert.False(files.TryUpdateAccount(account with { Mounts = [] }));
        Assert.Equal(Permissions.List, files.Account.DefaultPermissions);
    }

    /// <summary>An in-memory storage whose read handles offer a file to send from and that reports free space, as a local disk does.</summary>
    private sealed class FacetStorage : ReadWrappingStorage, IStorageSpace
    {
        public ValueTask<long> AvailableBytesAsync(VfsPath directory, CancellationToken cancellationToken) => ValueTask.FromResult(4242L);

        protected override IReadHandle Wrap(IReadHandle handle) => new SendableHandle(handle);
    }

    private sealed class SendableHandle(IReadHandle inner) : IReadHandle, ISendableFile
    {
        public long Length => inner.Length;

        public long Offset => inner.Offset;

        public Stream Content => inner.Content;

        public SafeFileHandle File { get; } = new(IntPtr.Zero, ownsHandle: false);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
