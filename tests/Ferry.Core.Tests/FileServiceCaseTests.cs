using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;

namespace Ferry.Core.Tests;

/// <summary>
/// Folder rules on a file system that ignores case (Windows, macOS): "/READONLY" is the folder
/// "/readonly", so the rule for it must hold for every spelling; where case matters, the other
/// spelling is another folder and the rule does not reach it.
/// </summary>
public sealed class FileServiceCaseTests
{
    private static readonly Account Alice = new(
        "alice", "not-a-real-hash", "/srv/alice", Permissions.All,
        [new FolderPermission(VfsPath.Parse("/readonly"), Permissions.List | Permissions.Read)]);

    [Theory]
    [InlineData("/READONLY/x.txt")]
    [InlineData("/ReadOnly/x.txt")]
    [InlineData("/readonly/x.txt")]
    public async Task Where_case_is_ignored_a_read_only_folder_refuses_uploads_under_every_spelling(string path)
    {
        var files = new FileService(new InMemoryStorage { IgnoresCase = true }, Alice);

        var upload = await files.OpenWriteAsync(VfsPath.Parse(path), WriteMode.Replace, 0, CancellationToken.None);

        Assert.Equal(FileError.Denied, upload.Error);
        Assert.Equal(Permissions.List | Permissions.Read, files.PermissionsFor(VfsPath.Parse(path)));
    }

    [Fact]
    public void Where_case_matters_another_spelling_is_another_folder()
    {
        var files = new FileService(new InMemoryStorage(), Alice);

        Assert.Equal(Permissions.All, files.PermissionsFor(VfsPath.Parse("/READONLY/x.txt")));
        Assert.Equal(Permissions.List | Permissions.Read, files.PermissionsFor(VfsPath.Parse("/readonly/x.txt")));
    }

    [Fact]
    public void A_tree_of_mounts_ignores_case_when_any_part_does()
    {
        var mounted = new Storage.Mounted.MountedStorage(new InMemoryStorage(), [new Storage.Mounted.Mount(VfsPath.Parse("/win"), new InMemoryStorage { IgnoresCase = true })]);

        Assert.True(mounted.IgnoresCase);
        Assert.False(new Storage.Mounted.MountedStorage(new InMemoryStorage(), [new Storage.Mounted.Mount(VfsPath.Parse("/m"), new InMemoryStorage())]).IgnoresCase);
    }
}
