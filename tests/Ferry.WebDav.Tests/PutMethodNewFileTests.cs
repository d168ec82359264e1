using System.Text;
using Ferry.Core.Identity;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;
using Ferry.Storage.Local;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>
/// A PUT of a new file: nobody sees the name until the body is whole (CreateWhole, where the
/// storage has AtomicCreate), a broken PUT leaves nothing, and a file another client makes under the
/// name meanwhile is replaced only if this PUT could have replaced it from the start.
/// </summary>
public sealed class PutMethodNewFileTests
{
    /// <summary>Generous: only a hang waits this long (a broken test, not a slow machine).</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private static readonly (string Name, string Value)[] NoHeaders = [];

    private static GatedStream Body() => new(Encoding.UTF8.GetBytes("first half, "), Encoding.UTF8.GetBytes("second half"));

    /// <summary>Starts a PUT whose body stops half way, and returns once the server has read that half.</summary>
    private static async Task<(Task<DavResponse> Put, GatedStream Body)> StartAsync(DavTestHost host, string path, params (string Name, string Value)[] headers)
    {
        var body = Body();
        var put = Task.Run(() => host.SendStreamAsync("PUT", path, body, contentLength: 23, default, headers));
        await Task.WhenAny(body.Reached, put).WaitAsync(Hang);
        Assert.False(put.IsCompleted, put.IsCompleted ? $"The PUT ended before its body was whole: {await put}" : null);
        return (put, body);
    }

    private static async Task<DavResponse> FinishAsync(Task<DavResponse> put, GatedStream body)
    {
        body.Release();
        return await put.WaitAsync(Hang);
    }

    [Fact]
    public async Task The_name_is_unseen_while_the_body_comes_and_appears_whole_with_201()
    {
        var host = new DavTestHost();
        var (put, body) = await StartAsync(host, "/new.txt");

        Assert.Equal(404, (await host.SendAsync("GET", "/new.txt")).Status);
        Assert.Equal(404, (await host.SendAsync("PROPFIND", "/new.txt", headers: DavTestHost.Headers(("Depth", "0")))).Status);
        var listing = await host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "1")));
        Assert.Equal(207, listing.Status);
        Assert.DoesNotContain("new.txt", listing.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(ReservedNames.Prefix, listing.Body, StringComparison.Ordinal);

        var response = await FinishAsync(put, body);
        Assert.Equal(201, response.Status);
        Assert.Equal("first half, second half", (await host.SendAsync("GET", "/new.txt")).Body);
    }

    [Fact]
    public async Task A_file_made_while_the_body_came_is_replaced_with_204()
    {
        var host = new DavTestHost();
        var (put, body) = await StartAsync(host, "/new.txt");
        await host.PutFileAsync("/new.txt", "theirs");

        Assert.Equal(204, (await FinishAsync(put, body)).Status);
        Assert.Equal("first half, second half", await host.ReadFileAsync("/new.txt"));
    }

    [Fact]
    public async Task A_file_made_while_the_body_came_fails_If_None_Match_star_and_stays()
    {
        var host = new DavTestHost();
        var (put, body) = await StartAsync(host, "/new.txt", ("If-None-Match", "*"));
        await host.PutFileAsync("/new.txt", "theirs");

        Assert.Equal(412, (await FinishAsync(put, body)).Status);
        Assert.Equal("theirs", await host.ReadFileAsync("/new.txt"));
        Assert.Equal(["new.txt"], await NamesAsync(host));
    }

    [Fact]
    public async Task A_file_made_and_locked_by_another_while_the_body_came_is_423_and_stays()
    {
        var host = new DavTestHost();
        var (put, body) = await StartAsync(host, "/new.txt");
        await host.PutFileAsync("/new.txt", "theirs");
        await host.LockAsync("/new.txt");

        Assert.Equal(423, (await FinishAsync(put, body)).Status);
        Assert.Equal("theirs", await host.ReadFileAsync("/new.txt"));
    }

    [Fact]
    public async Task A_client_that_goes_away_half_way_leaves_nothing()
    {
        var host = new DavTestHost();
        using var connection = new CancellationTokenSource();
        var body = Body();
        var put = Task.Run(() => host.SendStreamAsync("PUT", "/gone.txt", body, contentLength: 23, connection.Token, NoHeaders));
        await Task.WhenAny(body.Reached, put).WaitAsync(Hang);

        await connection.CancelAsync();
        try
        {
            await put.WaitAsync(Hang);
        }
        catch (OperationCanceledException)
        {
            // Whether the server answers a client that is gone or lets the cancellation out is the host's business.
        }

        Assert.Empty(await NamesAsync(host));
        Assert.Equal(404, (await host.SendAsync("GET", "/gone.txt")).Status);
    }

    [Fact]
    public async Task A_drop_box_PUT_is_unseen_until_whole_and_a_name_taken_meanwhile_is_412()
    {
        var host = new DavTestHost(alicePolicy: new AccountPolicy { Overwrite = false });
        var (put, body) = await StartAsync(host, "/report.txt");
        Assert.Null(await host.ReadFileAsync("/report.txt"));
        Assert.Equal(201, (await FinishAsync(put, body)).Status);

        (put, body) = await StartAsync(host, "/second.txt");
        await host.PutFileAsync("/second.txt", "theirs");
        Assert.Equal(412, (await FinishAsync(put, body)).Status);
        Assert.Equal("theirs", await host.ReadFileAsync("/second.txt"));
        Assert.Equal(["report.txt", "second.txt"], await NamesAsync(host));
    }

    [Fact]
    public async Task Without_AtomicCreate_the_name_is_claimed_by_an_empty_file_that_a_broken_PUT_removes()
    {
        var host = new DavTestHost(storage: new InMemoryStorage(InMemoryStorage.DefaultCapabilities & ~StorageCapabilities.AtomicCreate));
        var (put, body) = await StartAsync(host, "/new.txt");

        // The fallback: the placeholder keeps the name for this PUT, and readers see it empty.
        Assert.Equal("", await host.ReadFileAsync("/new.txt"));
        Assert.Equal(201, (await FinishAsync(put, body)).Status);
        Assert.Equal("first half, second half", await host.ReadFileAsync("/new.txt"));

        await host.SendStreamAsync("PUT", "/broken.txt", new BreakingStream(5, new IOException("connection reset")), contentLength: 10);
        Assert.Null(await host.ReadFileAsync("/broken.txt"));
    }

    [Fact]
    public async Task In_a_mounted_tree_each_storage_decides_whether_a_new_file_is_unseen()
    {
        var legacy = new InMemoryStorage(InMemoryStorage.DefaultCapabilities & ~StorageCapabilities.AtomicCreate);
        var tree = new Ferry.Core.Storage.Mounted.MountedStorage(new InMemoryStorage(), [new(Ferry.Core.Paths.VfsPath.Parse("/legacy"), legacy)]);
        var host = new DavTestHost(storage: tree);

        var (put, body) = await StartAsync(host, "/new.txt");
        Assert.Null(await host.ReadFileAsync("/new.txt"));
        Assert.Equal(201, (await FinishAsync(put, body)).Status);

        (put, body) = await StartAsync(host, "/legacy/new.txt");
        Assert.Equal("", await host.ReadFileAsync("/legacy/new.txt"));
        Assert.Equal(201, (await FinishAsync(put, body)).Status);
        Assert.Equal("first half, second half", await host.ReadFileAsync("/legacy/new.txt"));
    }

    [Theory]
    [InlineData(LocalJail.Kernel)]
    [InlineData(LocalJail.Portable)]
    public async Task On_disk_only_a_hidden_temporary_file_is_there_until_the_body_is_whole_and_a_broken_PUT_leaves_nothing(LocalJail jail)
    {
        var root = Directory.CreateTempSubdirectory("ferry-dav-new-").FullName;
        try
        {
            using var storage = LocalStorages.Open(root, LocalStorageOptions.Default with { Jail = jail });
            var host = new DavTestHost(storage: storage);
            var (put, body) = await StartAsync(host, "/new.txt");

            var during = Assert.Single(Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
            Assert.StartsWith(ReservedNames.Prefix, during, StringComparison.Ordinal);
            Assert.Equal(404, (await host.SendAsync("GET", "/new.txt")).Status);
            Assert.Equal(404, (await host.SendAsync("GET", "/" + during)).Status);
            var listing = await host.SendAsync("PROPFIND", "/", headers: DavTestHost.Headers(("Depth", "1")));
            Assert.Equal(207, listing.Status);
            Assert.DoesNotContain("new.txt", listing.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(ReservedNames.Prefix, listing.Body, StringComparison.Ordinal);

            Assert.Equal(201, (await FinishAsync(put, body)).Status);
            Assert.Equal(["new.txt"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
            Assert.Equal("first half, second half", File.ReadAllText(Path.Combine(root, "new.txt")));

            using var connection = new CancellationTokenSource();
            var broken = new BreakingStream(5000, () =>
            {
                connection.Cancel();
                return new OperationCanceledException(connection.Token);
            });
            try
            {
                await host.SendStreamAsync("PUT", "/gone.bin", broken, contentLength: 10_000, connection.Token);
            }
            catch (OperationCanceledException)
            {
                // As the host lets it out or not.
            }

            Assert.Equal(["new.txt"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Every name in the storage's root, work files included.</summary>
    private static async Task<List<string>> NamesAsync(DavTestHost host)
    {
        var names = new List<string>();
        await foreach (var entry in host.Storage.ListAsync(Ferry.Core.Paths.VfsPath.Root, CancellationToken.None))
        {
            names.Add(entry.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
