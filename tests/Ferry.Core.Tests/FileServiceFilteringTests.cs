using System.Collections.Immutable;
using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Limits;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;

namespace Ferry.Core.Tests;

/// <summary>The request filter (hidden segments, file types, largest file) as FileService applies it, over the in-memory storage.</summary>
public sealed class FileServiceFilteringTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InMemoryStorage _storage = new(InMemoryStorage.DefaultCapabilities | StorageCapabilities.Append | StorageCapabilities.RandomWrite);

    private RequestFilter _filter = new()
    {
        HiddenSegments = ["_vti_cnf", "private"],
        DenyExtensions = [".exe"],
    };

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private FileService Files() => new(
        _storage,
        new Account("alice", "not-a-real-hash", "/srv/alice", Permissions.All, ImmutableArray<FolderPermission>.Empty),
        filter: () => _filter);

    private async Task PlaceAsync(string path, string text)
    {
        await using var upload = await _storage.OpenWriteAsync(P(path), WriteMode.Replace, 0, None);
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(text));
        await upload.CommitAsync(None);
    }

    private async Task<string?> ContentAsync(string path)
    {
        if (await _storage.StatAsync(P(path), None) is null)
        {
            return null;
        }

        await using var read = await _storage.OpenReadAsync(P(path), 0, None);
        using var reader = new StreamReader(read.Content);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Opens an upload and writes <paramref name="pieces"/> in turn; the first refusal aborts it.</summary>
    private static async Task<FileError> UploadAsync(FileService files, string path, WriteMode mode, long offset, params string[] pieces)
    {
        var opened = await files.OpenWriteAsync(P(path), mode, offset, None);
        if (!opened.Ok)
        {
            return opened.Error;
        }

        await using var upload = opened.Value!;
        try
        {
            foreach (var piece in pieces)
            {
                await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(piece));
            }

            await upload.CommitAsync(None);
            return FileError.None;
        }
        catch (StorageException e)
        {
            await upload.AbortAsync();
            return e.Error;
        }
    }

    private static async Task<List<string>> NamesAsync(FileService files, string folder)
    {
        var listing = await files.ListAsync(P(folder), None);
        Assert.True(listing.Ok, listing.Error.ToString());
        var names = new List<string>();
        await foreach (var entry in listing.Value!)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    [Fact]
    public async Task Hidden_files_and_folders_are_left_out_of_listings_whatever_their_case()
    {
        await _storage.CreateDirectoryAsync(P("/_VTI_CNF"), None);
        await _storage.CreateDirectoryAsync(P("/docs"), None);
        await PlaceAsync("/Private", "secret");
        await PlaceAsync("/docs/private", "secret");
        await PlaceAsync("/docs/a.txt", "a");
        await PlaceAsync("/setup.exe", "MZ");

        var files = Files();

        Assert.Equal(["docs", "setup.exe"], (await NamesAsync(files, "/")).Order());
        Assert.Equal(["a.txt"], await NamesAsync(files, "/docs"));
    }

    [Fact]
    public async Task A_hidden_path_is_not_found_for_every_call_that_reads_or_changes_it()
    {
        await _storage.CreateDirectoryAsync(P("/private"), None);
        await PlaceAsync("/private/a.txt", "secret");
        var files = Files();

        Assert.Equal(FileError.NotFound, (await files.StatAsync(P("/private"), None)).Error);
        Assert.Equal(FileError.NotFound, (await files.StatAsync(P("/PRIVATE/a.txt"), None)).Error);
        Assert.Equal(FileError.NotFound, (await files.EnterAsync(P("/private"), None)).Error);
        Assert.Equal(FileError.NotFound, (await files.ListAsync(P("/private"), None)).Error);
        Assert.Equal(FileError.NotFound, (await files.OpenReadAsync(P("/private/a.txt"), 0, None)).Error);
        Assert.Equal(FileError.NotFound, (await files.DeleteFileAsync(P("/private/a.txt"), None)).Error);
        Assert.Equal(FileError.NotFound, (await files.DeleteDirectoryAsync(P("/private"), None)).Error);
        Assert.Equal(FileError.NotFound, (await files.SetLastModifiedAsync(P("/private/a.txt"), DateTimeOffset.UnixEpoch, None)).Error);
        Assert.Equal(FileError.NotFound, (await files.RenameAsync(P("/private"), P("/public"), false, None)).Error);
        Assert.Equal(FileError.NotFound, (await files.CopyAsync(P("/private/a.txt"), P("/a.txt"), false, false, None)).Error);
        Assert.Equal("secret", await ContentAsync("/private/a.txt"));
    }

    [Fact]
    public async Task A_hidden_name_cannot_be_made_by_upload_folder_rename_or_copy_and_reads_as_not_found()
    {
        await PlaceAsync("/a.txt", "a");
        var files = Files();

        Assert.Equal(FileError.NotFound, await UploadAsync(files, "/private", WriteMode.Replace, 0, "x"));
        Assert.Equal(FileError.NotFound, await UploadAsync(files, "/_vti_cnf/x.txt", WriteMode.CreateNew, 0, "x"));
        Assert.Equal(FileError.NotFound, (await files.CreateDirectoryAsync(P("/Private"), None)).Error);
        Assert.Equal(FileError.NotFound, (await files.RenameAsync(P("/a.txt"), P("/private"), false, None)).Error);
        Assert.Equal(FileError.NotFound, (await files.CopyAsync(P("/a.txt"), P("/private"), false, false, None)).Error);

        Assert.Null(await _storage.StatAsync(P("/private"), None));
        Assert.Null(await _storage.StatAsync(P("/_vti_cnf"), None));
        Assert.Equal("a", await ContentAsync("/a.txt"));
    }

    [Fact]
    public async Task A_denied_file_type_stays_listed_but_cannot_be_read_written_renamed_or_copied()
    {
        await PlaceAsync("/setup.exe", "MZ");
        await PlaceAsync("/notes.txt", "notes");
        var files = Files();

        Assert.Contains("setup.exe", await NamesAsync(files, "/"));
        Assert.True((await files.StatAsync(P("/setup.exe"), None)).Ok);
        Assert.Equal(FileError.Filtered, (await files.OpenReadAsync(P("/setup.exe"), 0, None)).Error);
        Assert.Equal(FileError.Filtered, (await files.OpenReadAsync(P("/SETUP.EXE"), 0, None)).Error);
        Assert.Equal(FileError.Filtered, await UploadAsync(files, "/setup.exe", WriteMode.Replace, 0, "evil"));
        Assert.Equal(FileError.Filtered, await UploadAsync(files, "/setup.exe", WriteMode.Append, 0, "evil"));
        Assert.Equal(FileError.Filtered, await UploadAsync(files, "/setup.exe", WriteMode.WriteAt, 1, "evil"));
        Assert.Equal(FileError.Filtered, await UploadAsync(files, "/new.exe", WriteMode.CreateNew, 0, "evil"));
        Assert.Equal(FileError.Filtered, (await files.RenameAsync(P("/setup.exe"), P("/setup.txt"), false, None)).Error);
        Assert.Equal(FileError.Filtered, (await files.RenameAsync(P("/notes.txt"), P("/notes.exe"), false, None)).Error);
        Assert.Equal(FileError.Filtered, (await files.CopyAsync(P("/setup.exe"), P("/copy.txt"), false, false, None)).Error);
        Assert.Equal(FileError.Filtered, (await files.CopyAsync(P("/notes.txt"), P("/copy.exe"), false, false, None)).Error);

        Assert.Equal("MZ", await ContentAsync("/setup.exe"));
        Assert.Equal("notes", await ContentAsync("/notes.txt"));
        Assert.Null(await ContentAsync("/new.exe"));
        Assert.Null(await ContentAsync("/notes.exe"));
        Assert.Null(await ContentAsync("/copy.exe"));
        Assert.Null(await ContentAsync("/copy.txt"));
    }

    [Fact]
    public async Task A_refusal_says_which_file_type_once()
    {
        await PlaceAsync("/setup.exe", "MZ");
        var files = Files();

        Assert.Equal(FileError.Filtered, (await files.OpenReadAsync(P("/setup.exe"), 0, None)).Error);
        Assert.Equal("files ending in .exe are not allowed here", files.TakeFilterRefusal());
        Assert.Null(files.TakeFilterRefusal());
    }

    [Fact]
    public async Task A_denied_file_may_still_be_deleted_and_folders_are_not_held_to_extensions()
    {
        await PlaceAsync("/setup.exe", "MZ");
        var files = Files();

        Assert.True((await files.CreateDirectoryAsync(P("/tools.exe"), None)).Ok);
        Assert.True((await files.RenameAsync(P("/tools.exe"), P("/tools.bin"), false, None)).Ok);
        Assert.True((await files.DeleteFileAsync(P("/setup.exe"), None)).Ok);
        Assert.Null(await _storage.StatAsync(P("/setup.exe"), None));
    }

    [Fact]
    public async Task A_folder_copy_stops_at_a_denied_file_type()
    {
        await _storage.CreateDirectoryAsync(P("/tools"), None);
        await PlaceAsync("/tools/setup.exe", "MZ");
        var files = Files();

        Assert.Equal(FileError.Filtered, (await files.CopyAsync(P("/tools"), P("/copy"), false, true, None)).Error);
        Assert.Null(await _storage.StatAsync(P("/copy/setup.exe"), None));
    }

    [Fact]
    public async Task An_allow_list_admits_only_its_types_for_files_and_leaves_folders_alone()
    {
        _filter = new RequestFilter { AllowExtensions = [".txt", ".pdf"], DenyExtensions = [".exe"] };
        await PlaceAsync("/photo.jpg", "jpg");
        var files = Files();

        Assert.Equal(FileError.None, await UploadAsync(files, "/a.TXT", WriteMode.Replace, 0, "a"));
        Assert.Equal(FileError.Filtered, await UploadAsync(files, "/b.jpg", WriteMode.Replace, 0, "b"));
        Assert.Equal(FileError.Filtered, await UploadAsync(files, "/README", WriteMode.Replace, 0, "r"));
        Assert.Equal(FileError.Filtered, (await files.OpenReadAsync(P("/photo.jpg"), 0, None)).Error);
        Assert.Equal("only files ending in .txt, .pdf are allowed here", files.TakeFilterRefusal());
        Assert.True((await files.OpenReadAsync(P("/a.TXT"), 0, None)).Ok);
        Assert.True((await files.CreateDirectoryAsync(P("/folder"), None)).Ok);
        Assert.Contains("photo.jpg", await NamesAsync(files, "/"));
        Assert.Equal(FileError.None, await UploadAsync(files, "/folder/c.pdf", WriteMode.Replace, 0, "c"));
    }

    [Fact]
    public async Task An_upload_that_would_pass_the_largest_size_is_refused_mid_transfer_and_the_old_file_stays_whole()
    {
        _filter = new RequestFilter { MaxFileBytes = 10 };
        await PlaceAsync("/a.txt", "old");
        var files = Files();

        Assert.Equal(FileError.TooLarge, await UploadAsync(files, "/a.txt", WriteMode.Replace, 0, "123456", "789012"));
        Assert.Equal("old", await ContentAsync("/a.txt"));
        Assert.Equal("files larger than 10 bytes are not allowed here", files.TakeFilterRefusal());
        Assert.Equal(FileError.None, await UploadAsync(files, "/a.txt", WriteMode.Replace, 0, "12345", "67890"));
        Assert.Equal("1234567890", await ContentAsync("/a.txt"));
    }

    [Fact]
    public async Task A_new_file_cut_short_by_the_largest_size_is_removed()
    {
        _filter = new RequestFilter { MaxFileBytes = 4 };
        var files = Files();

        Assert.Equal(FileError.TooLarge, await UploadAsync(files, "/new.txt", WriteMode.Replace, 0, "1234", "5"));
        Assert.Null(await _storage.StatAsync(P("/new.txt"), None));
    }

    [Fact]
    public async Task Appends_and_resumed_uploads_count_from_where_their_first_byte_lands()
    {
        _filter = new RequestFilter { MaxFileBytes = 6 };
        await PlaceAsync("/a.txt", "old");
        var files = Files();

        Assert.Equal(FileError.TooLarge, await UploadAsync(files, "/a.txt", WriteMode.Append, 0, "1234"));
        Assert.Equal("old", await ContentAsync("/a.txt"));
        Assert.Equal(FileError.TooLarge, await UploadAsync(files, "/a.txt", WriteMode.Append, 0, "12", "34"));
        Assert.Equal("old12", await ContentAsync("/a.txt")); // what fitted before the refusal stays, as for a quota
        Assert.Equal(FileError.None, await UploadAsync(files, "/a.txt", WriteMode.WriteAt, 2, "1234"));
        Assert.Equal("ol1234", await ContentAsync("/a.txt"));
    }

    [Fact]
    public void An_announced_size_over_the_largest_file_is_refused_before_any_byte()
    {
        _filter = new RequestFilter { MaxFileBytes = 100 };
        var files = Files();

        Assert.True(files.CheckUploadSize(100).Ok);
        Assert.Equal(FileError.TooLarge, files.CheckUploadSize(101).Error);
        Assert.Equal("files larger than 100 bytes are not allowed here", files.TakeFilterRefusal());
    }

    [Fact]
    public async Task New_rules_apply_to_an_open_service_from_its_next_call()
    {
        await PlaceAsync("/setup.exe", "MZ");
        var files = Files();
        Assert.Equal(FileError.Filtered, (await files.OpenReadAsync(P("/setup.exe"), 0, None)).Error);

        _filter = RequestFilter.None;

        Assert.True((await files.OpenReadAsync(P("/setup.exe"), 0, None)).Ok);
        Assert.True(files.CheckUploadSize(long.MaxValue).Ok);
    }

    [Fact]
    public async Task Without_a_filter_nothing_is_hidden_or_refused()
    {
        await PlaceAsync("/private", "p");
        var files = new FileService(_storage, new Account("bob", "h", "/srv/bob", Permissions.All, []));

        Assert.True((await files.OpenReadAsync(P("/private"), 0, None)).Ok);
        Assert.Equal(FileError.None, await UploadAsync(files, "/x.exe", WriteMode.Replace, 0, "MZ"));
    }

    [Fact]
    public async Task Under_a_quota_too_an_upload_over_the_largest_size_is_refused_and_leaves_nothing_counted()
    {
        _filter = new RequestFilter { MaxFileBytes = 4 };
        var limiters = AccountLimiters.Create(BandwidthLimits.None, TimeProvider.System);
        var account = new Account("carol", "h", "/srv/carol", Permissions.All, [])
        {
            Limits = AccountLimits.None with { Quota = new QuotaLimits(1000, 10) },
        };
        var files = new FileService(_storage, account, limiters, () => _filter);

        Assert.Equal(FileError.TooLarge, await UploadAsync(files, "/new.txt", WriteMode.Replace, 0, "12", "345"));
        Assert.Equal(FileError.None, await UploadAsync(files, "/ok.txt", WriteMode.Replace, 0, "1234"));

        Assert.Null(await _storage.StatAsync(P("/new.txt"), None));
        var quota = await files.GetQuotaAsync(None);
        Assert.Equal(new Usage(4, 1), quota!.Used);
    }
}
