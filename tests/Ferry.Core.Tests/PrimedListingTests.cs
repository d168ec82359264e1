using System.Runtime.CompilerServices;
using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests;

/// <summary>
/// PrimedListing takes a step without awaiting while the backend's step is already done, and awaits
/// otherwise: both paths must leave out the same names and report failures the same way.
/// </summary>
public sealed class PrimedListingTests
{
    private static readonly RequestFilter HidesPrivate = new() { HiddenSegments = ["private"] };

    private static FileEntry File(string name) => new(name, false, 1, DateTimeOffset.UnixEpoch);

    private static readonly string[] Names =
        [ReservedNames.Prefix + "1.tmp", "one", "PRIVATE", ReservedNames.Prefix + "2.tmp", "two", "private", "three", ReservedNames.Prefix + "3.tmp"];

    /// <summary>The names, each step done at once or after a real wait (a yield to the thread pool), then an optional failure.</summary>
    private static async IAsyncEnumerable<FileEntry> Backend(bool waits, Exception? failure = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var name in Names)
        {
            if (waits)
            {
                await Task.Yield();
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return File(name);
        }

        if (failure is not null)
        {
            if (waits)
            {
                await Task.Yield();
            }

            throw failure;
        }
    }

    private static async Task<List<string>> NamesAsync(IAsyncEnumerable<FileEntry> listing)
    {
        var names = new List<string>();
        await foreach (var entry in listing)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reserved_and_hidden_names_are_left_out_whether_the_backend_waits_or_not(bool waits)
    {
        var listing = await PrimedListing.StartAsync(Backend(waits), HidesPrivate, CancellationToken.None);

        Assert.Equal(["one", "two", "three"], await NamesAsync(listing));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_hidden_segments_only_reserved_names_are_left_out(bool waits)
    {
        var listing = await PrimedListing.StartAsync(Backend(waits), RequestFilter.None, CancellationToken.None);

        Assert.Equal(["one", "PRIVATE", "two", "private", "three"], await NamesAsync(listing));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failure_after_the_first_entry_arrives_as_a_storage_exception_and_ends_the_listing(bool waits)
    {
        var listing = await PrimedListing.StartAsync(Backend(waits, new IOException("disk gone")), HidesPrivate, CancellationToken.None);
        var enumerator = listing.GetAsyncEnumerator();
        var names = new List<string>();

        var failure = await Assert.ThrowsAsync<StorageException>(async () =>
        {
            // Bounded: the backend has eight entries, then fails.
            for (var i = 0; i < 20 && await enumerator.MoveNextAsync(); i++)
            {
                names.Add(enumerator.Current.Name);
            }
        });

        Assert.Equal(FileError.Unavailable, failure.Error);
        Assert.Equal(["one", "two", "three"], names);
        Assert.False(await enumerator.MoveNextAsync());
        await enumerator.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_listing_of_only_left_out_names_is_empty(bool waits)
    {
        async IAsyncEnumerable<FileEntry> OnlyReserved()
        {
            if (waits)
            {
                await Task.Yield();
            }

            yield return File(ReservedNames.Prefix + "1.tmp");
            yield return File("private");
        }

        var listing = await PrimedListing.StartAsync(OnlyReserved(), HidesPrivate, CancellationToken.None);

        Assert.Empty(await NamesAsync(listing));
    }

    [Fact]
    public async Task A_listing_can_be_walked_only_once()
    {
        var listing = await PrimedListing.StartAsync(Backend(waits: false), HidesPrivate, CancellationToken.None);
        await NamesAsync(listing);

        Assert.Throws<InvalidOperationException>(() => listing.GetAsyncEnumerator());
    }
}
