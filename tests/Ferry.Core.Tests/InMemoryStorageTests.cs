using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;
using static Ferry.Core.Tests.StorageText;

namespace Ferry.Core.Tests;

/// <summary>What the in-memory storage adds to the conformance suite: its defaults, its facets (none) and its facts.</summary>
public class InMemoryStorageTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static VfsPath P(string path) => VfsPath.Parse(path);

    [Fact]
    public void By_default_it_keeps_what_an_object_store_would()
    {
        var storage = new InMemoryStorage();

        Assert.Equal(
            StorageCapabilities.AtomicReplace | StorageCapabilities.AtomicCreate | StorageCapabilities.RandomWrite | StorageCapabilities.SetTimes | StorageCapabilities.ServerSideCopy,
            storage.Capabilities);
    }

    [Fact]
    public async Task Its_handles_offer_no_local_file_facets()
    {
        var storage = new InMemoryStorage();
        await WriteAsync(storage, "/f.txt", "x");

        await using var read = await storage.OpenReadAsync(P("/f.txt"), 0, None);
        await using var upload = await storage.OpenWriteAsync(P("/g.txt"), WriteMode.Replace, 0, None);

        Assert.Null(read.GetFacet<ISendableFile>());
        Assert.Null(upload.GetFacet<IReceivableFile>());
    }

    [Fact]
    public async Task Unix_facts_are_shown_only_with_UnixModes()
    {
        var plain = new InMemoryStorage();
        var unix = new InMemoryStorage(InMemoryStorage.DefaultCapabilities | StorageCapabilities.UnixModes);
        await WriteAsync(plain, "/f.txt", "x");
        await WriteAsync(unix, "/f.txt", "x");
        await unix.CreateDirectoryAsync(P("/d"), None);

        Assert.Null((await plain.StatAsync(P("/f.txt"), None))!.Unix);
        Assert.Equal((UnixFileMode)0b110_100_100, (await unix.StatAsync(P("/f.txt"), None))!.Unix!.Mode);
        Assert.Equal((UnixFileMode)0b111_101_101, (await unix.StatAsync(P("/d"), None))!.Unix!.Mode);
    }

    [Fact]
    public async Task SetMode_keeps_only_the_permission_bits()
    {
        var storage = new InMemoryStorage(StorageCapabilities.UnixModes);
        await WriteAsync(storage, "/f.txt", "x");

        await storage.SetModeAsync(P("/f.txt"), (UnixFileMode)0b100_111_101_101, None);

        Assert.Equal((UnixFileMode)0b111_101_101, (await storage.StatAsync(P("/f.txt"), None))!.Unix!.Mode);
    }

    [Fact]
    public async Task Without_AtomicReplace_a_replace_empties_the_file_at_once_and_an_abort_keeps_what_arrived()
    {
        var storage = new InMemoryStorage(StorageCapabilities.None);
        await WriteAsync(storage, "/f.txt", "old content");

        await using (var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None))
        {
            Assert.Equal(0, (await storage.StatAsync(P("/f.txt"), None))!.Length);
            await upload.Content.WriteAsync("half"u8.ToArray());
            await upload.AbortAsync();
        }

        await using var read = await storage.OpenReadAsync(P("/f.txt"), 0, None);
        using var reader = new StreamReader(read.Content);
        Assert.Equal("half", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task An_upload_into_a_file_deleted_meanwhile_lands_nowhere_visible()
    {
        var storage = new InMemoryStorage();
        await using var upload = await storage.OpenWriteAsync(P("/f.txt"), WriteMode.CreateNew, 0, None);
        await storage.DeleteFileAsync(P("/f.txt"), None);

        await upload.Content.WriteAsync("late"u8.ToArray());
        await upload.CommitAsync(None);

        Assert.Null(await storage.StatAsync(P("/f.txt"), None));
    }

    [Fact]
    public async Task Concurrent_uploads_and_listings_keep_the_tree_whole()
    {
        var storage = new InMemoryStorage();
        await storage.CreateDirectoryAsync(P("/d"), None);

        await Parallel.ForAsync(0, 200, async (i, ct) =>
        {
            await WriteAsync(storage, $"/d/f{i:D3}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await foreach (var _ in storage.ListAsync(P("/d"), ct))
            {
            }
        });

        var count = 0;
        await foreach (var _ in storage.ListAsync(P("/d"), None))
        {
            count++;
        }

        Assert.Equal(200, count);
    }

    [Fact]
    public async Task A_file_stands_in_the_way_of_a_folder_path()
    {
        var storage = new InMemoryStorage();
        await WriteAsync(storage, "/f.txt", "x");

        Assert.Equal(FileError.NotADirectory, (await Assert.ThrowsAsync<StorageException>(() => storage.CreateDirectoryAsync(P("/f.txt/d"), None).AsTask())).Error);
    }
}
