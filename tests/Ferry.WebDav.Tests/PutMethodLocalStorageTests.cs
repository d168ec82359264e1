using Ferry.Storage.Local;
using Ferry.WebDav.Tests.Support;

namespace Ferry.WebDav.Tests;

/// <summary>PUT's promise on a real disk: an interrupted upload leaves the old file and no partial or temporary file behind.</summary>
public sealed class PutMethodLocalStorageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ferry-dav-put-").FullName;
    private readonly LocalStorage _storage;
    private readonly DavTestHost _host;

    public PutMethodLocalStorageTests()
    {
        _storage = new LocalStorage(_root, LocalStorageOptions.Default);
        _host = new DavTestHost(storage: _storage);
    }

    public void Dispose()
    {
        _storage.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_whole_PUT_lands_on_disk()
    {
        Assert.Equal(201, (await _host.SendAsync("PUT", "/a.txt", "first")).Status);
        Assert.Equal(204, (await _host.SendAsync("PUT", "/a.txt", "second")).Status);
        Assert.Equal("second", File.ReadAllText(Path.Combine(_root, "a.txt")));
        Assert.Equal(["a.txt"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_interrupted_replace_keeps_the_old_content_and_leaves_no_temporary()
    {
        File.WriteAllText(Path.Combine(_root, "a.txt"), "old content");
        var response = await _host.SendStreamAsync("PUT", "/a.txt", new BreakingStream(3 * 1024 * 1024, new IOException("connection reset")), contentLength: 8 * 1024 * 1024);
        Assert.Equal(400, response.Status);
        Assert.Equal("old content", File.ReadAllText(Path.Combine(_root, "a.txt")));
        Assert.Equal(["a.txt"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_interrupted_new_file_leaves_nothing()
    {
        using var connection = new CancellationTokenSource();
        var goneAway = new BreakingStream(100, () =>
        {
            connection.Cancel();
            return new OperationCanceledException(connection.Token);
        });
        await _host.SendStreamAsync("PUT", "/gone.bin", goneAway, contentLength: null, connection.Token);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
        var response = await _host.SendStreamAsync("PUT", "/new.bin", new BreakingStream(2 * 1024 * 1024, new IOException("connection reset")), contentLength: null);
        Assert.Equal(400, response.Status);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public async Task A_client_that_goes_away_keeps_the_old_content()
    {
        File.WriteAllText(Path.Combine(_root, "a.txt"), "old content");
        using var connection = new CancellationTokenSource();
        var goneAway = new BreakingStream(2 * 1024 * 1024, () =>
        {
            connection.Cancel();
            return new OperationCanceledException(connection.Token);
        });
        await _host.SendStreamAsync("PUT", "/a.txt", goneAway, contentLength: null, connection.Token);
        Assert.Equal("old content", File.ReadAllText(Path.Combine(_root, "a.txt")));
        Assert.Equal(["a.txt"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }
}
