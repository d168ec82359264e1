using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Conformance;

/// <summary>Folders, deletes, renames and copies: the rules at the target, with and without overwrite.</summary>
public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task CreateDirectory_makes_one_folder()
    {
        await Storage.CreateDirectoryAsync(P("/d"), None);

        Assert.True((await Storage.StatAsync(P("/d"), None))!.IsDirectory);
        Assert.Equal(FileError.Exists, await FailsAsync(() => Storage.CreateDirectoryAsync(P("/d"), None)));
        Assert.Equal(FileError.NotFound, await FailsAsync(() => Storage.CreateDirectoryAsync(P("/x/y"), None)));
    }

    [Fact]
    public async Task Deletes_remove_only_their_own_kind_and_only_empty_folders()
    {
        await Storage.CreateDirectoryAsync(P("/full"), None);
        await Storage.CreateDirectoryAsync(P("/empty"), None);
        await WriteAsync("/full/f.txt", "x");

        Assert.Equal(FileError.NotEmpty, await FailsAsync(() => Storage.DeleteDirectoryAsync(P("/full"), None)));
        Assert.Equal(FileError.NotADirectory, await FailsAsync(() => Storage.DeleteDirectoryAsync(P("/full/f.txt"), None)));
        Assert.Equal(FileError.IsADirectory, await FailsAsync(() => Storage.DeleteFileAsync(P("/empty"), None)));
        Assert.Equal(FileError.NotFound, await FailsAsync(() => Storage.DeleteFileAsync(P("/nope"), None)));
        await Storage.DeleteFileAsync(P("/full/f.txt"), None);
        await Storage.DeleteDirectoryAsync(P("/full"), None);
        await Storage.DeleteDirectoryAsync(P("/empty"), None);

        Assert.Empty(await NamesAsync("/"));
    }

    [Fact]
    public async Task Rename_moves_a_file_and_renaming_to_itself_does_nothing()
    {
        await Storage.CreateDirectoryAsync(P("/d"), None);
        await WriteAsync("/a.txt", "a");

        await Storage.RenameAsync(P("/a.txt"), P("/d/moved.txt"), overwrite: false, None);
        await Storage.RenameAsync(P("/d/moved.txt"), P("/d/moved.txt"), overwrite: false, None);

        Assert.Equal("a", await ReadAsync("/d/moved.txt"));
        Assert.Null(await Storage.StatAsync(P("/a.txt"), None));
        Assert.Equal(FileError.NotFound, await FailsAsync(() => Storage.RenameAsync(P("/nope"), P("/x"), overwrite: true, None)));
    }

    [Fact]
    public async Task Rename_replaces_a_file_only_with_overwrite()
    {
        await WriteAsync("/a.txt", "a");
        await WriteAsync("/b.txt", "b");

        Assert.Equal(FileError.Exists, await FailsAsync(() => Storage.RenameAsync(P("/a.txt"), P("/b.txt"), overwrite: false, None)));
        Assert.Equal(("a", "b"), (await ReadAsync("/a.txt"), await ReadAsync("/b.txt")));

        await Storage.RenameAsync(P("/a.txt"), P("/b.txt"), overwrite: true, None);

        Assert.Equal("a", await ReadAsync("/b.txt"));
        Assert.Equal(["b.txt"], await NamesAsync("/"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rename_onto_a_folder_is_Exists_whatever_the_overwrite(bool overwrite)
    {
        await WriteAsync("/a.txt", "a");
        await Storage.CreateDirectoryAsync(P("/d"), None);

        Assert.Equal(FileError.Exists, await FailsAsync(() => Storage.RenameAsync(P("/a.txt"), P("/d"), overwrite, None)));
        Assert.Equal(["a.txt", "d"], await NamesAsync("/"));
    }

    [Fact]
    public async Task A_folder_renames_with_its_members_with_AtomicDirectoryRename()
    {
        await Storage.CreateDirectoryAsync(P("/d"), None);
        await Storage.CreateDirectoryAsync(P("/d/sub"), None);
        await WriteAsync("/d/sub/f.txt", "f");
        if (!await OffersAsync(StorageCapabilities.AtomicDirectoryRename, () => Storage.RenameAsync(P("/d"), P("/e"), overwrite: false, None)))
        {
            Assert.Equal("f", await ReadAsync("/d/sub/f.txt"));
            return;
        }

        await Storage.RenameAsync(P("/d"), P("/e"), overwrite: false, None);

        Assert.Equal("f", await ReadAsync("/e/sub/f.txt"));
        Assert.Equal(["e"], await NamesAsync("/"));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_folder_never_replaces_anything(bool overwrite)
    {
        Skip.IfNot(Has(StorageCapabilities.AtomicDirectoryRename), "Without AtomicDirectoryRename the storage renames no folder.");
        await Storage.CreateDirectoryAsync(P("/d"), None);
        await Storage.CreateDirectoryAsync(P("/empty"), None);
        await WriteAsync("/f.txt", "f");

        Assert.Equal(FileError.Exists, await FailsAsync(() => Storage.RenameAsync(P("/d"), P("/empty"), overwrite, None)));
        Assert.Equal(FileError.Exists, await FailsAsync(() => Storage.RenameAsync(P("/d"), P("/f.txt"), overwrite, None)));
        Assert.Equal(["d", "empty", "f.txt"], await NamesAsync("/"));
    }

    [Fact]
    public async Task Copy_makes_a_second_file_with_ServerSideCopy()
    {
        await WriteAsync("/a.txt", "content");
        if (!await OffersAsync(StorageCapabilities.ServerSideCopy, () => Storage.CopyAsync(P("/a.txt"), P("/b.txt"), overwrite: false, None)))
        {
            Assert.Equal(["a.txt"], await NamesAsync("/"));
            return;
        }

        await Storage.CopyAsync(P("/a.txt"), P("/b.txt"), overwrite: false, None);
        await WriteAsync("/a.txt", "changed");

        Assert.Equal("content", await ReadAsync("/b.txt"));
        Assert.Equal("changed", await ReadAsync("/a.txt"));
    }

    [Fact]
    public async Task Copy_keeps_the_target_rules_of_rename()
    {
        await WriteAsync("/a.txt", "a");
        await WriteAsync("/b.txt", "b");
        await Storage.CreateDirectoryAsync(P("/d"), None);
        if (!Has(StorageCapabilities.ServerSideCopy))
        {
            Assert.Equal(FileError.Unsupported, await FailsAsync(() => Storage.CopyAsync(P("/a.txt"), P("/b.txt"), overwrite: true, None)));
            return;
        }

        Assert.Equal(FileError.Exists, await FailsAsync(() => Storage.CopyAsync(P("/a.txt"), P("/b.txt"), overwrite: false, None)));
        Assert.Equal(FileError.Exists, await FailsAsync(() => Storage.CopyAsync(P("/a.txt"), P("/d"), overwrite: true, None)));
        Assert.Equal(FileError.IsADirectory, await FailsAsync(() => Storage.CopyAsync(P("/d"), P("/e"), overwrite: true, None)));
        Assert.Equal(FileError.NotFound, await FailsAsync(() => Storage.CopyAsync(P("/nope"), P("/e"), overwrite: true, None)));
        Assert.Equal("b", await ReadAsync("/b.txt"));

        await Storage.CopyAsync(P("/a.txt"), P("/b.txt"), overwrite: true, None);

        Assert.Equal("a", await ReadAsync("/b.txt"));
        Assert.Equal(["a.txt", "b.txt", "d"], await NamesAsync("/"));
    }
}
