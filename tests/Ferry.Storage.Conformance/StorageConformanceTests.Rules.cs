using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Storage.Conformance;

/// <summary>
/// The rules FileService keeps in front of every backend, and the folder moves and copies it
/// builds for backends that cannot do them in one step: the same outcome on every storage.
/// </summary>
public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task Through_FileService_nothing_moves_or_copies_into_itself()
    {
        await Storage.CreateDirectoryAsync(P("/a"), None);
        await Storage.CreateDirectoryAsync(P("/a/b"), None);
        var files = Service();

        Assert.Equal(FileError.InvalidName, (await files.RenameAsync(P("/a"), P("/a/b/c"), overwrite: false, None)).Error);
        Assert.Equal(FileError.InvalidName, (await files.CopyAsync(P("/a"), P("/a/b/c"), overwrite: false, recursive: true, None)).Error);
        Assert.Equal(["b"], await NamesAsync("/a"));
    }

    [Fact]
    public async Task Through_FileService_the_root_stays()
    {
        var files = Service();

        Assert.Equal(FileError.Denied, (await files.DeleteDirectoryAsync(VfsPath.Root, None)).Error);
        Assert.Equal(FileError.Denied, (await files.RenameAsync(VfsPath.Root, P("/x"), overwrite: true, None)).Error);
        Assert.Equal(FileError.IsADirectory, (await files.OpenWriteAsync(VfsPath.Root, WriteMode.Replace, 0, None)).Error);
        Assert.True((await Storage.StatAsync(VfsPath.Root, None))!.IsDirectory);
    }

    [Fact]
    public async Task Through_FileService_reserved_names_are_invisible_and_cannot_be_made()
    {
        var reserved = "/" + ReservedNames.Prefix + "work.tmp";
        await WriteAsync(reserved, "a backend's own work file");
        await WriteAsync("/visible.txt", "v");
        var files = Service();

        var names = new List<string>();
        await foreach (var entry in (await files.ListAsync(VfsPath.Root, None)).Value!)
        {
            names.Add(entry.Name);
        }

        Assert.Equal(["visible.txt"], names);
        Assert.Equal(FileError.NotFound, (await files.StatAsync(P(reserved), None)).Error);
        Assert.Equal(FileError.NotFound, (await files.OpenReadAsync(P(reserved), 0, None)).Error);
        Assert.Equal(FileError.NotFound, (await files.DeleteFileAsync(P(reserved), None)).Error);
        Assert.Equal(FileError.InvalidName, (await files.RenameAsync(P("/visible.txt"), P(reserved), overwrite: true, None)).Error);
        Assert.Equal(FileError.InvalidName, (await files.CreateDirectoryAsync(P("/" + ReservedNames.Prefix + "d"), None)).Error);
        Assert.Equal("a backend's own work file", await ReadAsync(reserved));
    }

    [Fact]
    public async Task Through_FileService_a_folder_moves_whole_on_any_backend()
    {
        await Storage.CreateDirectoryAsync(P("/a"), None);
        await Storage.CreateDirectoryAsync(P("/a/sub"), None);
        await WriteAsync("/a/x.txt", "x");
        await WriteAsync("/a/sub/y.txt", "y");
        await Storage.CreateDirectoryAsync(P("/taken"), None);
        var files = Service();

        Assert.Equal(FileError.Exists, (await files.RenameAsync(P("/a"), P("/taken"), overwrite: true, None)).Error);
        Assert.True((await files.RenameAsync(P("/a"), P("/b"), overwrite: false, None)).Ok);

        Assert.Equal(["b", "taken"], await NamesAsync("/"));
        Assert.Equal("x", await ReadAsync("/b/x.txt"));
        Assert.Equal("y", await ReadAsync("/b/sub/y.txt"));
    }

    [Fact]
    public async Task Through_FileService_a_folder_copies_with_or_without_its_members_on_any_backend()
    {
        await Storage.CreateDirectoryAsync(P("/a"), None);
        await Storage.CreateDirectoryAsync(P("/a/sub"), None);
        await WriteAsync("/a/x.txt", "x");
        await WriteAsync("/a/sub/y.txt", "y");
        var files = Service();

        Assert.True((await files.CopyAsync(P("/a"), P("/deep"), overwrite: false, recursive: true, None)).Ok);
        Assert.True((await files.CopyAsync(P("/a"), P("/flat"), overwrite: false, recursive: false, None)).Ok);
        Assert.Equal(FileError.Exists, (await files.CopyAsync(P("/a"), P("/flat"), overwrite: true, recursive: true, None)).Error);

        Assert.Equal("x", await ReadAsync("/deep/x.txt"));
        Assert.Equal("y", await ReadAsync("/deep/sub/y.txt"));
        Assert.Equal("y", await ReadAsync("/a/sub/y.txt"));
        Assert.Empty(await NamesAsync("/flat"));
    }

    [Fact]
    public async Task Through_FileService_a_file_copy_replaces_only_with_overwrite_on_any_backend()
    {
        var big = new string('z', 300 * 1024);
        await WriteAsync("/a.txt", big);
        await WriteAsync("/b.txt", "b");
        var files = Service();

        Assert.Equal(FileError.Exists, (await files.CopyAsync(P("/a.txt"), P("/b.txt"), overwrite: false, recursive: false, None)).Error);
        Assert.Equal("b", await ReadAsync("/b.txt"));
        Assert.True((await files.CopyAsync(P("/a.txt"), P("/b.txt"), overwrite: true, recursive: false, None)).Ok);
        Assert.True((await files.CopyAsync(P("/a.txt"), P("/c.txt"), overwrite: false, recursive: false, None)).Ok);

        Assert.Equal(big, await ReadAsync("/b.txt"));
        Assert.Equal(big, await ReadAsync("/c.txt"));
    }

    [Fact]
    public async Task Through_FileService_a_cancelled_copy_throws_and_leaves_no_copy()
    {
        await WriteAsync("/a.txt", "a");
        var files = Service();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await files.CopyAsync(P("/a.txt"), P("/b.txt"), overwrite: false, recursive: false, cancel.Token));

        Assert.Equal(["a.txt"], await NamesAsync("/"));
    }
}
