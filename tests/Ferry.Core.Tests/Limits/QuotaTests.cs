using System.Collections.Immutable;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Limits;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;

namespace Ferry.Core.Tests.Limits;

/// <summary>Quotas as FileService keeps them, over the in-memory storage.</summary>
public class QuotaTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InMemoryStorage _storage = new(InMemoryStorage.DefaultCapabilities | StorageCapabilities.Append);
    private readonly AccountLimiters _limiters = AccountLimiters.Create(BandwidthLimits.None, TimeProvider.System);

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private static Account WithQuota(long? bytes, long? files) =>
        new("alice", "not-a-real-hash", "/srv/alice", Permissions.All, ImmutableArray<FolderPermission>.Empty)
        {
            Limits = AccountLimits.None with { Quota = new QuotaLimits(bytes, files) },
        };

    private FileService Service(long? bytes, long? files = null) => new(_storage, WithQuota(bytes, files), _limiters);

    /// <summary>Writes straight into storage, as a change beside Ferry would.</summary>
    private async Task PlaceAsync(string path, int length)
    {
        var upload = await _storage.OpenWriteAsync(P(path), WriteMode.Replace, 0, None);
        await upload.Content.WriteAsync(new byte[length]);
        await upload.CommitAsync(None);
        await upload.DisposeAsync();
    }

    private static async Task<FileError> UploadAsync(FileService files, string path, int length, WriteMode mode = WriteMode.Replace, int pieces = 1)
    {
        var opened = await files.OpenWriteAsync(P(path), mode, 0, None);
        if (!opened.Ok)
        {
            return opened.Error;
        }

        await using var upload = opened.Value!;
        try
        {
            for (var i = 0; i < pieces; i++)
            {
                await upload.Content.WriteAsync(new byte[length / pieces]);
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

    private async Task<long?> LengthAsync(string path) => (await _storage.StatAsync(P(path), None))?.Length;

    [Fact]
    public async Task Usage_is_measured_from_what_the_home_already_holds()
    {
        await _storage.CreateDirectoryAsync(P("/d"), None);
        await PlaceAsync("/a", 30);
        await PlaceAsync("/d/b", 20);

        var quota = await Service(100, 10).GetQuotaAsync(None);

        Assert.Equal(new Usage(50, 3), quota!.Used);
        Assert.Equal(50, quota.AvailableBytes);
    }

    [Fact]
    public async Task An_account_without_a_quota_has_no_quota_status()
    {
        Assert.Null(await Service(null).GetQuotaAsync(None));
        Assert.Null(await new FileService(_storage, WithQuota(100, null)).GetQuotaAsync(None));
    }

    [Fact]
    public async Task An_upload_within_the_quota_is_stored_and_counted()
    {
        var files = Service(100);
        Assert.Equal(FileError.None, await UploadAsync(files, "/a", 60));
        Assert.Equal(40, await files.QuotaRemainingAsync(None));
    }

    [Fact]
    public async Task An_upload_beyond_the_byte_quota_fails_mid_transfer_and_the_old_file_stays_whole()
    {
        await PlaceAsync("/a", 50);
        var files = Service(100);

        Assert.Equal(FileError.Quota, await UploadAsync(files, "/a", 120, pieces: 4));

        Assert.Equal(50, await LengthAsync("/a"));
        // 50 stored, 40 more reserved by the pieces that fitted (90 of 120 written over the old 50).
        Assert.Equal("quota exceeded: 90 of 100 bytes used", files.TakeQuotaRefusal());
        Assert.Null(files.TakeQuotaRefusal());
        Assert.Equal(50, await files.QuotaRemainingAsync(None));
    }

    [Fact]
    public async Task A_replace_counts_only_the_difference()
    {
        await PlaceAsync("/a", 60);
        var files = Service(100);

        // 90 bytes over 60: 30 more, within the 40 left.
        Assert.Equal(FileError.None, await UploadAsync(files, "/a", 90));
        Assert.Equal(10, await files.QuotaRemainingAsync(None));

        // Smaller again: the quota gets the difference back.
        Assert.Equal(FileError.None, await UploadAsync(files, "/a", 20));
        Assert.Equal(80, await files.QuotaRemainingAsync(None));
    }

    [Fact]
    public async Task A_new_file_cut_short_by_the_quota_is_removed()
    {
        var files = Service(100);
        Assert.Equal(FileError.Quota, await UploadAsync(files, "/new", 200, pieces: 4));
        Assert.Null(await LengthAsync("/new"));
        Assert.Equal(new Usage(0, 0), (await files.GetQuotaAsync(None))!.Used);
    }

    [Fact]
    public async Task A_CreateWhole_cut_short_by_the_quota_leaves_alone_the_file_another_client_made_meanwhile()
    {
        var files = Service(100);
        var opened = await files.OpenWriteAsync(P("/new"), WriteMode.CreateWhole, 0, None);
        await using (var upload = opened.Value!)
        {
            await upload.Content.WriteAsync(new byte[50]);
            await PlaceAsync("/new", 10);
            await Assert.ThrowsAsync<StorageException>(async () => await upload.Content.WriteAsync(new byte[150]));
            await upload.AbortAsync();
        }

        Assert.Equal(10, await LengthAsync("/new"));
        Assert.Equal(100, await files.QuotaRemainingAsync(None));
    }

    [Fact]
    public async Task A_CreateWhole_committed_over_a_file_made_meanwhile_counts_the_difference()
    {
        var files = Service(100, 5);
        Assert.Equal(new Usage(0, 0), (await files.GetQuotaAsync(None))!.Used);
        var opened = await files.OpenWriteAsync(P("/new"), WriteMode.CreateWhole, 0, None);
        await using (var upload = opened.Value!)
        {
            await upload.Content.WriteAsync(new byte[50]);
            Assert.Equal(FileError.None, await UploadAsync(files, "/new", 30));
            Assert.Equal(FileError.Exists, (await Assert.ThrowsAsync<StorageException>(async () => await upload.CommitAsync(None))).Error);
            await upload.CommitReplacingAsync(None);
        }

        Assert.Equal(50, await LengthAsync("/new"));
        Assert.Equal(new Usage(50, 1), (await files.GetQuotaAsync(None))!.Used);
    }

    [Fact]
    public async Task An_append_beyond_the_quota_keeps_what_fitted_before_the_refusal()
    {
        await PlaceAsync("/log", 40);
        var files = Service(100);

        Assert.Equal(FileError.Quota, await UploadAsync(files, "/log", 90, WriteMode.Append, pieces: 3));

        Assert.Equal(100, await LengthAsync("/log"));
        Assert.Equal(0, await files.QuotaRemainingAsync(None));
    }

    [Fact]
    public async Task A_new_file_beyond_the_file_count_is_refused_before_any_data_but_a_replace_is_not()
    {
        await PlaceAsync("/a", 1);
        await PlaceAsync("/b", 1);
        var files = Service(null, 2);

        Assert.Equal(FileError.Quota, await UploadAsync(files, "/c", 1));
        Assert.Equal("quota exceeded: 2 of 2 files used", files.TakeQuotaRefusal());
        Assert.Null(await LengthAsync("/c"));
        Assert.Equal(FileError.None, await UploadAsync(files, "/a", 5));
    }

    [Fact]
    public async Task A_folder_counts_as_a_file_and_removing_it_gives_it_back()
    {
        var files = Service(null, 1);
        Assert.True((await files.CreateDirectoryAsync(P("/d"), None)).Ok);
        Assert.Equal(FileError.Quota, (await files.CreateDirectoryAsync(P("/e"), None)).Error);
        Assert.True((await files.DeleteDirectoryAsync(P("/d"), None)).Ok);
        Assert.True((await files.CreateDirectoryAsync(P("/e"), None)).Ok);
    }

    [Fact]
    public async Task A_delete_frees_its_bytes_and_its_file()
    {
        var files = Service(100, 1);
        Assert.Equal(FileError.None, await UploadAsync(files, "/a", 100));
        Assert.Equal(FileError.Quota, await UploadAsync(files, "/b", 1));
        Assert.True((await files.DeleteFileAsync(P("/a"), None)).Ok);
        Assert.Equal(FileError.None, await UploadAsync(files, "/b", 100));
    }

    [Fact]
    public async Task A_rename_over_a_file_frees_the_file_it_replaced()
    {
        await PlaceAsync("/a", 30);
        await PlaceAsync("/b", 50);
        var files = Service(100);
        Assert.Equal(20, await files.QuotaRemainingAsync(None));

        Assert.True((await files.RenameAsync(P("/a"), P("/b"), overwrite: true, None)).Ok);

        Assert.Equal(70, await files.QuotaRemainingAsync(None));
    }

    [Fact]
    public async Task A_copy_that_does_not_fit_is_refused_and_one_that_fits_is_counted()
    {
        await PlaceAsync("/a", 40);
        var files = Service(100);
        Assert.True((await files.CopyAsync(P("/a"), P("/b"), overwrite: false, recursive: false, None)).Ok);
        Assert.Equal(20, await files.QuotaRemainingAsync(None));
        Assert.Equal(FileError.Quota, (await files.CopyAsync(P("/a"), P("/c"), overwrite: false, recursive: false, None)).Error);
        Assert.Null(await LengthAsync("/c"));
    }

    [Fact]
    public async Task Concurrent_uploads_of_one_account_reserve_as_bytes_arrive_and_cannot_pass_the_limit_together()
    {
        var first = Service(100);
        var second = Service(100);
        await using var one = (await first.OpenWriteAsync(P("/one"), WriteMode.Replace, 0, None)).Value!;
        await using var two = (await second.OpenWriteAsync(P("/two"), WriteMode.Replace, 0, None)).Value!;

        await one.Content.WriteAsync(new byte[60]);
        var refused = await Assert.ThrowsAsync<StorageException>(async () => await two.Content.WriteAsync(new byte[60]));

        Assert.Equal(FileError.Quota, refused.Error);
        Assert.Equal("quota exceeded: 60 of 100 bytes used", second.TakeQuotaRefusal());
        await one.CommitAsync(None);
        Assert.Equal(40, await first.QuotaRemainingAsync(None));
    }

    [Fact]
    public async Task A_change_beside_Ferry_is_seen_after_the_usage_is_invalidated()
    {
        var files = Service(100);
        Assert.Equal(100, await files.QuotaRemainingAsync(None));
        await PlaceAsync("/outside", 70);
        Assert.Equal(100, await files.QuotaRemainingAsync(None));

        _limiters.Quotas.InvalidateAll();

        Assert.Equal(30, await files.QuotaRemainingAsync(None));
    }

    [Fact]
    public async Task A_quota_given_by_a_reload_applies_to_an_open_session()
    {
        await PlaceAsync("/a", 10);
        var files = Service(null);
        Assert.Equal(FileError.None, await UploadAsync(files, "/b", 50));

        Assert.True(files.TryUpdateAccount(WithQuota(60, null)));

        Assert.Equal(FileError.Quota, await UploadAsync(files, "/c", 10));
    }

    [Fact]
    public async Task An_upload_that_cannot_be_opened_gives_its_reservation_back()
    {
        await PlaceAsync("/taken", 10);
        var files = Service(100, 2);

        Assert.Equal(FileError.Exists, (await files.OpenWriteAsync(P("/taken"), WriteMode.CreateNew, 0, None)).Error);
        Assert.Equal(FileError.IsADirectory, (await files.OpenWriteAsync(P("/"), WriteMode.Replace, 0, None)).Error);

        Assert.Equal(new Usage(10, 1), (await files.GetQuotaAsync(None))!.Used);
    }

    [Fact]
    public async Task Without_limits_the_storage_handles_are_passed_through_untouched()
    {
        var files = new FileService(_storage, WithQuota(null, null), _limiters);
        await using var upload = (await files.OpenWriteAsync(P("/a"), WriteMode.Replace, 0, None)).Value!;
        Assert.Equal("MemoryUploadHandle", upload.GetType().Name);
    }
}
