using Ferry.Core.Files;
using Ferry.Core.Paths;

namespace Ferry.Storage.Conformance;

/// <summary>Stat, listings and reads: what every backend keeps.</summary>
public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task Stat_describes_files_folders_and_the_root()
    {
        await Storage.CreateDirectoryAsync(P("/dir"), None);
        await WriteAsync("/dir/a.txt", "12345");

        var file = await Storage.StatAsync(P("/dir/a.txt"), None);
        var folder = await Storage.StatAsync(P("/dir"), None);
        var root = await Storage.StatAsync(VfsPath.Root, None);

        Assert.Equal(("a.txt", false, 5L), (file!.Name, file.IsDirectory, file.Length));
        Assert.Equal(("dir", true), (folder!.Name, folder.IsDirectory));
        Assert.True(root!.IsDirectory);
    }

    [Fact]
    public async Task Stat_of_nothing_is_null()
    {
        await WriteAsync("/a.txt", "x");

        Assert.Null(await Storage.StatAsync(P("/nope"), None));
        Assert.Null(await Storage.StatAsync(P("/a.txt/below"), None));
    }

    [Fact]
    public async Task A_changed_file_gets_another_etag_when_it_has_one()
    {
        await WriteAsync("/a.txt", "one");
        var before = (await Storage.StatAsync(P("/a.txt"), None))!.ETag;
        await WriteAsync("/a.txt", "other");
        var after = (await Storage.StatAsync(P("/a.txt"), None))!.ETag;

        Assert.Equal(before is null, after is null);
        if (before is not null)
        {
            Assert.NotEqual(before, after);
            Assert.Matches("^(W/)?\".*\"$", after);
        }
    }

    [Fact]
    public async Task List_gives_each_entry_once_with_its_kind_and_size()
    {
        await Storage.CreateDirectoryAsync(P("/dir"), None);
        await Storage.CreateDirectoryAsync(P("/dir/sub"), None);
        await WriteAsync("/dir/a.txt", "12345");
        await WriteAsync("/dir/b.txt", "");

        var entries = new Dictionary<string, Core.Storage.FileEntry>();
        await foreach (var entry in Storage.ListAsync(P("/dir"), None))
        {
            entries.Add(entry.Name, entry);
        }

        Assert.Equal(["a.txt", "b.txt", "sub"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((false, 5L), (entries["a.txt"].IsDirectory, entries["a.txt"].Length));
        Assert.Equal((false, 0L), (entries["b.txt"].IsDirectory, entries["b.txt"].Length));
        Assert.True(entries["sub"].IsDirectory);
    }

    [Fact]
    public async Task List_of_a_missing_folder_or_of_a_file_fails_at_the_first_step()
    {
        await WriteAsync("/f.txt", "x");

        Assert.Equal(FileError.NotFound, await FailsAsync(() => Storage.ListAsync(P("/nope"), None).GetAsyncEnumerator().MoveNextAsync()));
        Assert.Equal(FileError.NotADirectory, await FailsAsync(() => Storage.ListAsync(P("/f.txt"), None).GetAsyncEnumerator().MoveNextAsync()));
    }

    [Fact]
    public async Task A_listing_is_streamed_can_be_left_early_and_stops_when_cancelled()
    {
        await Storage.CreateDirectoryAsync(P("/many"), None);
        for (var i = 0; i < 50; i++)
        {
            await WriteAsync($"/many/f{i:D2}", "x");
        }

        using var cancel = new CancellationTokenSource();
        await using (var listing = Storage.ListAsync(P("/many"), None).GetAsyncEnumerator(cancel.Token))
        {
            Assert.True(await listing.MoveNextAsync());
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await listing.MoveNextAsync());
        }

        // Left after one entry, the folder lists whole again.
        Assert.Equal(50, (await NamesAsync("/many")).Count);
    }

    [Fact]
    public async Task Reads_start_at_the_offset_and_report_the_whole_length()
    {
        await WriteAsync("/a.txt", "0123456789");

        foreach (var (offset, rest) in new[] { (0L, "0123456789"), (4L, "456789"), (10L, "") })
        {
            await using var handle = await Storage.OpenReadAsync(P("/a.txt"), offset, None);
            Assert.Equal((10L, offset), (handle.Length, handle.Offset));
            Assert.Equal(rest, await ReadAllAsync(handle));
        }
    }

    [Fact]
    public async Task Reading_a_folder_is_IsADirectory_and_reading_nothing_is_NotFound()
    {
        await Storage.CreateDirectoryAsync(P("/dir"), None);

        Assert.Equal(FileError.IsADirectory, await FailsAsync(() => Storage.OpenReadAsync(P("/dir"), 0, None)));
        Assert.Equal(FileError.IsADirectory, await FailsAsync(() => Storage.OpenReadAsync(VfsPath.Root, 0, None)));
        Assert.Equal(FileError.NotFound, await FailsAsync(() => Storage.OpenReadAsync(P("/nope"), 0, None)));
    }

    [Fact]
    public async Task Cancelled_calls_throw_OperationCanceledException()
    {
        await WriteAsync("/a.txt", "x");
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var token = cancel.Token;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Storage.StatAsync(P("/a.txt"), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Storage.OpenReadAsync(P("/a.txt"), 0, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Storage.OpenWriteAsync(P("/b.txt"), Core.Storage.WriteMode.Replace, 0, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Storage.CreateDirectoryAsync(P("/d"), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Storage.DeleteFileAsync(P("/a.txt"), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Storage.RenameAsync(P("/a.txt"), P("/c.txt"), overwrite: false, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Storage.ListAsync(VfsPath.Root, None).GetAsyncEnumerator(token).MoveNextAsync());

        Assert.Equal("x", await ReadAsync("/a.txt"));
        Assert.Null(await Storage.StatAsync(P("/b.txt"), None));
    }
}
