using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;

namespace Ferry.Core.Tests;

/// <summary>A drop box: an account that may write but not read, list or delete, and whose uploads never replace a file.</summary>
public sealed class FileServicePolicyTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InMemoryStorage _storage = new(StorageCapabilities.AtomicReplace | StorageCapabilities.RandomWrite | StorageCapabilities.Append | StorageCapabilities.ServerSideCopy);

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private FileService DropBox(bool overwrite = false) => new(_storage, new Account(
        "drop", "hash", "/srv/drop", Permissions.None, [new FolderPermission(P("/incoming"), Permissions.Write | Permissions.Rename)])
    {
        Policy = new AccountPolicy { Overwrite = overwrite },
    });

    private async Task WriteAsync(string path, string text)
    {
        await using var upload = await _storage.OpenWriteAsync(P(path), WriteMode.Replace, 0, None);
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(text));
        await upload.CommitAsync(None);
    }

    private async Task<string> ReadAsync(string path)
    {
        await using var read = await _storage.OpenReadAsync(P(path), 0, None);
        using var reader = new StreamReader(read.Content);
        return await reader.ReadToEndAsync();
    }

    private async Task<FileError> UploadAsync(FileService files, string path, WriteMode mode, string text, long offset = 0)
    {
        var opened = await files.OpenWriteAsync(P(path), mode, offset, None);
        if (!opened.Ok)
        {
            return opened.Error;
        }

        await using var upload = opened.Value!;
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(text));
        await upload.CommitAsync(None);
        return FileError.None;
    }

    [Fact]
    public async Task A_new_file_is_written()
    {
        await _storage.CreateDirectoryAsync(P("/incoming"), None);

        Assert.Equal(FileError.None, await UploadAsync(DropBox(), "/incoming/a.txt", WriteMode.Replace, "new"));
        Assert.Equal("new", await ReadAsync("/incoming/a.txt"));
    }

    [Theory]
    [InlineData(WriteMode.Replace, 0)]
    [InlineData(WriteMode.WriteAt, 0)]
    [InlineData(WriteMode.WriteAt, 2)]
    [InlineData(WriteMode.Append, 0)]
    [InlineData(WriteMode.CreateNew, 0)]
    public async Task No_upload_changes_a_file_that_is_there_and_the_old_one_is_kept(WriteMode mode, long offset)
    {
        await _storage.CreateDirectoryAsync(P("/incoming"), None);
        await WriteAsync("/incoming/a.txt", "old");

        Assert.Equal(FileError.Exists, await UploadAsync(DropBox(), "/incoming/a.txt", mode, "evil", offset));
        Assert.Equal("old", await ReadAsync("/incoming/a.txt"));
    }

    [Fact]
    public async Task With_overwrite_allowed_the_same_upload_replaces_the_file()
    {
        await _storage.CreateDirectoryAsync(P("/incoming"), None);
        await WriteAsync("/incoming/a.txt", "old");

        Assert.True(DropBox(overwrite: true).MayOverwrite);
        Assert.Equal(FileError.None, await UploadAsync(DropBox(overwrite: true), "/incoming/a.txt", WriteMode.Replace, "new"));
        Assert.Equal("new", await ReadAsync("/incoming/a.txt"));
    }

    [Fact]
    public async Task A_rename_or_copy_never_replaces_a_file_even_when_asked_to()
    {
        await _storage.CreateDirectoryAsync(P("/incoming"), None);
        await WriteAsync("/incoming/a.txt", "a");
        await WriteAsync("/incoming/b.txt", "b");
        var files = DropBox();

        Assert.False(files.MayOverwrite);
        Assert.Equal(FileError.Exists, (await files.RenameAsync(P("/incoming/a.txt"), P("/incoming/b.txt"), overwrite: true, None)).Error);
        Assert.Equal("b", await ReadAsync("/incoming/b.txt"));
        Assert.Equal(FileError.None, (await files.RenameAsync(P("/incoming/a.txt"), P("/incoming/c.txt"), overwrite: true, None)).Error);
    }

    [Fact]
    public async Task Reading_listing_and_deleting_stay_denied()
    {
        await _storage.CreateDirectoryAsync(P("/incoming"), None);
        await WriteAsync("/incoming/a.txt", "old");
        var files = DropBox();

        Assert.Equal(FileError.Denied, (await files.OpenReadAsync(P("/incoming/a.txt"), 0, None)).Error);
        Assert.Equal(FileError.Denied, (await files.ListAsync(P("/incoming"), None)).Error);
        Assert.Equal(FileError.Denied, (await files.DeleteFileAsync(P("/incoming/a.txt"), None)).Error);
    }

    [Fact]
    public async Task A_folder_with_a_right_can_be_entered_without_list_on_its_parent()
    {
        await _storage.CreateDirectoryAsync(P("/incoming"), None);
        await _storage.CreateDirectoryAsync(P("/private"), None);
        await WriteAsync("/incoming/a.txt", "x");
        var files = DropBox();

        Assert.Equal(FileError.Denied, (await files.StatAsync(P("/incoming"), None)).Error);
        Assert.True((await files.EnterAsync(P("/incoming"), None)).Ok);
        Assert.Equal(FileError.Denied, (await files.EnterAsync(P("/private"), None)).Error);
        Assert.Equal(FileError.NotADirectory, (await files.EnterAsync(P("/incoming/a.txt"), None)).Error);
    }

    [Fact]
    public async Task Entering_a_missing_folder_with_rights_is_not_found()
    {
        var files = new FileService(_storage, new Account("a", "h", "/srv/a", Permissions.All, []));

        Assert.Equal(FileError.NotFound, (await files.EnterAsync(P("/missing"), None)).Error);
        Assert.True((await files.EnterAsync(VfsPath.Root, None)).Ok);
    }
}
