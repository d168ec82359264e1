using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Conformance;

/// <summary>Uploads: what commit and abort leave, and what each write capability adds.</summary>
public abstract partial class StorageConformanceTests
{
    private static async Task PutAsync(IUploadHandle upload, string text) =>
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task A_new_upload_becomes_the_file_on_commit()
    {
        await using (var upload = await Storage.OpenWriteAsync(P("/new.txt"), WriteMode.Replace, 0, None))
        {
            await PutAsync(upload, "content");
            await upload.CommitAsync(None);
        }

        Assert.Equal("content", await ReadAsync("/new.txt"));
        Assert.Equal(7, (await Storage.StatAsync(P("/new.txt"), None))!.Length);
    }

    [Theory]
    [InlineData(WriteMode.Replace)]
    [InlineData(WriteMode.CreateNew)]
    public async Task An_aborted_upload_of_a_new_file_keeps_what_arrived(WriteMode mode)
    {
        await using (var upload = await Storage.OpenWriteAsync(P("/new.txt"), mode, 0, None))
        {
            await PutAsync(upload, "partial");
            await upload.AbortAsync();
        }

        // The contract keeps it so that the client can resume (REST + STOR, or APPE).
        Assert.Equal("partial", await ReadAsync("/new.txt"));
    }

    [Fact]
    public async Task Disposing_an_upload_without_commit_is_an_abort()
    {
        await using (var upload = await Storage.OpenWriteAsync(P("/new.txt"), WriteMode.CreateNew, 0, None))
        {
            await PutAsync(upload, "partial");
        }

        Assert.Equal("partial", await ReadAsync("/new.txt"));
    }

    [Fact]
    public async Task A_replace_commits_the_new_content()
    {
        await WriteAsync("/f.txt", "old content");

        await using (var upload = await Storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            await PutAsync(upload, "new");
            await upload.CommitAsync(None);
        }

        Assert.Equal("new", await ReadAsync("/f.txt"));
    }

    [SkippableFact]
    public async Task An_atomic_replace_keeps_the_old_file_until_commit_and_after_an_abort()
    {
        Skip.IfNot(Has(StorageCapabilities.AtomicReplace), "The storage does not promise AtomicReplace.");
        await WriteAsync("/f.txt", "old content");

        await using (var upload = await Storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            await PutAsync(upload, "half of the new");
            Assert.Equal("old content", await ReadAsync("/f.txt"));
            await upload.AbortAsync();
        }

        Assert.Equal("old content", await ReadAsync("/f.txt"));
        Assert.Equal(["f.txt"], await NamesAsync("/"));
    }

    [SkippableFact]
    public async Task A_reader_of_the_old_file_keeps_reading_it_across_an_atomic_replace()
    {
        Skip.IfNot(Has(StorageCapabilities.AtomicReplace), "The storage does not promise AtomicReplace.");
        await WriteAsync("/f.txt", "old content");

        await using var reader = await Storage.OpenReadAsync(P("/f.txt"), 0, None);
        await WriteAsync("/f.txt", "new");

        Assert.Equal("old content", await ReadAllAsync(reader));
        Assert.Equal("new", await ReadAsync("/f.txt"));
    }

    [Fact]
    public async Task CreateNew_over_a_file_is_Exists_and_leaves_it()
    {
        await WriteAsync("/f.txt", "old");

        Assert.Equal(FileError.Exists, await FailsAsync(() => Storage.OpenWriteAsync(P("/f.txt"), WriteMode.CreateNew, 0, None)));
        Assert.Equal("old", await ReadAsync("/f.txt"));
    }

    [Fact]
    public async Task Writing_over_a_folder_is_IsADirectory()
    {
        await Storage.CreateDirectoryAsync(P("/dir"), None);

        foreach (var mode in new[] { WriteMode.Replace, WriteMode.WriteAt, WriteMode.Append })
        {
            var capability = mode switch
            {
                WriteMode.WriteAt => StorageCapabilities.RandomWrite,
                WriteMode.Append => StorageCapabilities.Append,
                _ => StorageCapabilities.None,
            };
            if (Has(capability))
            {
                Assert.Equal(FileError.IsADirectory, await FailsAsync(() => Storage.OpenWriteAsync(P("/dir"), mode, 0, None)));
            }
        }
    }

    [Fact]
    public async Task Writing_into_a_missing_folder_is_NotFound()
    {
        Assert.Equal(FileError.NotFound, await FailsAsync(() => Storage.OpenWriteAsync(P("/nope/f.txt"), WriteMode.Replace, 0, None)));
    }

    [Fact]
    public async Task WriteAt_cuts_the_file_at_the_offset_and_keeps_what_arrived_on_abort_with_RandomWrite()
    {
        await WriteAsync("/f.txt", "0123456789");
        if (!await OffersAsync(StorageCapabilities.RandomWrite, () => Storage.OpenWriteAsync(P("/f.txt"), WriteMode.WriteAt, 4, None)))
        {
            Assert.Equal("0123456789", await ReadAsync("/f.txt"));
            return;
        }

        await using (var upload = await Storage.OpenWriteAsync(P("/f.txt"), WriteMode.WriteAt, 4, None))
        {
            await PutAsync(upload, "ab");
            await upload.AbortAsync();
        }

        Assert.Equal("0123ab", await ReadAsync("/f.txt"));
    }

    [Fact]
    public async Task Append_adds_to_the_end_and_creates_a_missing_file_with_Append()
    {
        await WriteAsync("/f.txt", "start-");
        if (!await OffersAsync(StorageCapabilities.Append, () => Storage.OpenWriteAsync(P("/f.txt"), WriteMode.Append, 0, None)))
        {
            Assert.Equal("start-", await ReadAsync("/f.txt"));
            return;
        }

        foreach (var (path, text) in new[] { ("/f.txt", "end"), ("/g.txt", "fresh") })
        {
            await using var upload = await Storage.OpenWriteAsync(P(path), WriteMode.Append, 0, None);
            await PutAsync(upload, text);
            await upload.CommitAsync(None);
        }

        Assert.Equal("start-end", await ReadAsync("/f.txt"));
        Assert.Equal("fresh", await ReadAsync("/g.txt"));
    }

    [Fact]
    public async Task SetLastModified_sets_the_time_with_SetTimes()
    {
        await WriteAsync("/f.txt", "x");
        var when = new DateTimeOffset(1999, 12, 31, 23, 59, 58, TimeSpan.Zero);
        if (!await OffersAsync(StorageCapabilities.SetTimes, () => Storage.SetLastModifiedAsync(P("/f.txt"), when, None)))
        {
            return;
        }

        await Storage.SetLastModifiedAsync(P("/f.txt"), when, None);

        Assert.Equal(when, (await Storage.StatAsync(P("/f.txt"), None))!.LastModified);
        Assert.Equal(FileError.NotFound, await FailsAsync(() => Storage.SetLastModifiedAsync(P("/nope"), when, None)));
    }

    [Fact]
    public async Task SetMode_sets_the_permission_bits_with_UnixModes()
    {
        await WriteAsync("/f.txt", "x");
        const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!await OffersAsync(StorageCapabilities.UnixModes, () => Storage.SetModeAsync(P("/f.txt"), Mode, None)))
        {
            return;
        }

        await Storage.SetModeAsync(P("/f.txt"), Mode, None);

        Assert.Equal(Mode, (await Storage.StatAsync(P("/f.txt"), None))!.Unix?.Mode);
    }
}
