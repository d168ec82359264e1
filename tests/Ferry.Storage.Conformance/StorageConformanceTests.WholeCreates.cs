using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Conformance;

/// <summary>
/// <see cref="WriteMode.CreateWhole"/> with <see cref="StorageCapabilities.AtomicCreate"/>: a new file
/// nobody sees until it is whole, put in place only under a free name; Unsupported without it.
/// </summary>
public abstract partial class StorageConformanceTests
{
    private Task<bool> OffersWholeCreatesAsync() =>
        OffersAsync(StorageCapabilities.AtomicCreate, () => Storage.OpenWriteAsync(P("/probe.txt"), WriteMode.CreateWhole, 0, None));

    private ValueTask<IUploadHandle> CreateWholeAsync(string path) => Storage.OpenWriteAsync(P(path), WriteMode.CreateWhole, 0, None);

    /// <summary>What a client sees in the root: through a FileService, which hides the backend's work files.</summary>
    private async Task<List<string>> VisibleNamesAsync()
    {
        var listing = await Service().ListAsync(P("/"), None);
        var names = new List<string>();
        await foreach (var entry in listing.Value!)
        {
            names.Add(entry.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    [Fact]
    public async Task CreateWhole_is_unseen_until_commit_puts_it_in_place_with_AtomicCreate()
    {
        if (!await OffersWholeCreatesAsync())
        {
            return;
        }

        await using (var upload = await CreateWholeAsync("/new.txt"))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("half"));
            Assert.Null(await Storage.StatAsync(P("/new.txt"), None));
            Assert.Empty(await VisibleNamesAsync());
            Assert.Equal(FileError.NotFound, (await Service().StatAsync(P("/new.txt"), None)).Error);

            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(" and the rest"));
            await upload.CommitAsync(None);
        }

        Assert.Equal("half and the rest", await ReadAsync("/new.txt"));
        Assert.Equal(["new.txt"], await NamesAsync("/"));
    }

    [Fact]
    public async Task CreateWhole_of_no_bytes_commits_an_empty_file_with_AtomicCreate()
    {
        if (!await OffersWholeCreatesAsync())
        {
            return;
        }

        await using (var upload = await CreateWholeAsync("/empty.txt"))
        {
            await upload.CommitAsync(None);
        }

        Assert.Equal(0, (await Storage.StatAsync(P("/empty.txt"), None))!.Length);
        Assert.Equal(["empty.txt"], await NamesAsync("/"));
    }

    [Fact]
    public async Task CreateWhole_aborted_or_disposed_leaves_nothing_with_AtomicCreate()
    {
        if (!await OffersWholeCreatesAsync())
        {
            return;
        }

        await using (var upload = await CreateWholeAsync("/aborted.txt"))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("partial"));
            await upload.AbortAsync();
        }

        await using (var upload = await CreateWholeAsync("/dropped.txt"))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("partial"));
        }

        Assert.Null(await Storage.StatAsync(P("/aborted.txt"), None));
        Assert.Empty(await NamesAsync("/"));
    }

    [Fact]
    public async Task CreateWhole_over_a_file_is_Exists_at_once_and_leaves_it_with_AtomicCreate()
    {
        if (!await OffersWholeCreatesAsync())
        {
            return;
        }

        await WriteAsync("/f.txt", "old");

        Assert.Equal(FileError.Exists, await FailsAsync(() => CreateWholeAsync("/f.txt")));
        Assert.Equal("old", await ReadAsync("/f.txt"));
        Assert.Equal(["f.txt"], await NamesAsync("/"));
    }

    [Fact]
    public async Task CreateWhole_commit_over_a_name_taken_meanwhile_is_Exists_and_leaves_that_file_with_AtomicCreate()
    {
        if (!await OffersWholeCreatesAsync())
        {
            return;
        }

        await using (var upload = await CreateWholeAsync("/race.txt"))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("mine"));
            await WriteAsync("/race.txt", "theirs");

            Assert.Equal(FileError.Exists, await FailsAsync(() => upload.CommitAsync(None)));
            Assert.Equal("theirs", await ReadAsync("/race.txt"));
            await upload.AbortAsync();
        }

        Assert.Equal("theirs", await ReadAsync("/race.txt"));
        Assert.Equal(["race.txt"], await NamesAsync("/"));
    }

    [Fact]
    public async Task CreateWhole_whose_name_was_taken_can_be_committed_over_that_file_with_AtomicCreate()
    {
        if (!await OffersWholeCreatesAsync())
        {
            return;
        }

        await using (var upload = await CreateWholeAsync("/race.txt"))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("mine"));
            await WriteAsync("/race.txt", "theirs");
            Assert.Equal(FileError.Exists, await FailsAsync(() => upload.CommitAsync(None)));

            await upload.CommitReplacingAsync(None);
        }

        Assert.Equal("mine", await ReadAsync("/race.txt"));
        Assert.Equal(["race.txt"], await NamesAsync("/"));
    }

    [Fact]
    public async Task CommitReplacing_is_Unsupported_for_any_other_mode()
    {
        await using var upload = await Storage.OpenWriteAsync(P("/f.txt"), WriteMode.Replace, 0, None);
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes("x"));

        Assert.Equal(FileError.Unsupported, await FailsAsync(() => upload.CommitReplacingAsync(None)));
    }
}
