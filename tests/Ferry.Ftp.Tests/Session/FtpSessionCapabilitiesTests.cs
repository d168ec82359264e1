using System.Text;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>
/// The FTP engine on a storage without local files (the in-memory one): transfers take the buffered
/// path, and FEAT and the commands offer only what the storage's capabilities keep.
/// </summary>
public sealed class FtpSessionCapabilitiesTests
{
    private const StorageCapabilities Everything =
        StorageCapabilities.AtomicReplace | StorageCapabilities.Append | StorageCapabilities.RandomWrite | StorageCapabilities.SetTimes
        | StorageCapabilities.UnixModes | StorageCapabilities.AtomicDirectoryRename | StorageCapabilities.ServerSideCopy;

    private static async Task<List<string>> FeaturesAsync(StorageCapabilities capabilities)
    {
        await using var server = new FtpTestServer(storage: new InMemoryStorage(capabilities));
        await server.ExpectAsync(220);
        var reply = await server.CommandAsync("FEAT", 211);
        return [.. reply.Lines.Skip(1).SkipLast(1).Select(line => line.Trim())];
    }

    [Fact]
    public async Task A_short_session_uploads_lists_downloads_renames_and_deletes_in_memory()
    {
        var storage = new InMemoryStorage();
        await using var server = await FtpTestServer.LoggedInAsync(storage: storage);
        var content = new byte[300_000];
        new Random(11).NextBytes(content);

        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("MKD docs", 257);
        await server.UploadAsync("STOR docs/a.bin", content);
        var listing = Encoding.UTF8.GetString(await server.DownloadAsync("LIST docs"));
        var facts = Encoding.UTF8.GetString(await server.DownloadAsync("MLSD docs"));
        Assert.Equal(content, await server.DownloadAsync("RETR docs/a.bin"));
        await server.CommandAsync("RNFR docs", 350);
        await server.CommandAsync("RNTO papers", 250);
        Assert.Equal("213 300000", (await server.CommandAsync("SIZE papers/a.bin", 213)).Text);
        await server.CommandAsync("DELE papers/a.bin", 250);
        await server.CommandAsync("RMD papers", 250);

        // No Unix facts in memory: the listing shows FTP's own defaults.
        Assert.Matches(@"^-rw-r--r--    1 ftp      ftp        300000 \w{3} [ \d]\d [\d ]\d:?\d{2} a\.bin\r\n$", listing);
        Assert.Matches(@"^type=file;size=300000;modify=\d{14};perm=[a-z]+; a\.bin\r\n$", facts);
        Assert.Null(await storage.StatAsync(Core.Paths.VfsPath.Parse("/papers"), CancellationToken.None));
    }

    [Fact]
    public async Task A_restarted_download_works_without_any_capability()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage(StorageCapabilities.None));
        await server.CommandAsync("TYPE I", 200);
        await server.UploadAsync("STOR f.txt", "0123456789"u8.ToArray());

        await server.CommandAsync("REST 4", 350);

        Assert.Equal("456789", Encoding.ASCII.GetString(await server.DownloadAsync("RETR f.txt")));
    }

    [Theory]
    [InlineData(StorageCapabilities.SetTimes, new[] { "MFMT" })]
    [InlineData(StorageCapabilities.Append, new string[0])]
    [InlineData(StorageCapabilities.RandomWrite, new string[0])]
    [InlineData(StorageCapabilities.UnixModes, new string[0])]
    [InlineData(StorageCapabilities.AtomicReplace, new string[0])]
    [InlineData(StorageCapabilities.AtomicDirectoryRename, new string[0])]
    [InlineData(StorageCapabilities.ServerSideCopy, new string[0])]
    public async Task Feat_differs_exactly_by_capability(StorageCapabilities capability, string[] features)
    {
        var with = await FeaturesAsync(Everything);
        var without = await FeaturesAsync(Everything & ~capability);

        Assert.Equal(features, with.Except(without));
        Assert.Empty(without.Except(with));
    }

    [Fact]
    public async Task Appe_without_Append_is_502_and_leaves_the_file()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage());
        await server.UploadAsync("STOR f.txt", "start"u8.ToArray());

        var reply = await server.CommandAsync("APPE f.txt", 502);

        Assert.Contains("cannot add to the end of a file", reply.Text);
        Assert.Equal("start", Encoding.ASCII.GetString(await server.DownloadAsync("RETR f.txt")));
    }

    [Fact]
    public async Task Appe_with_Append_adds_to_the_end()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage(InMemoryStorage.DefaultCapabilities | StorageCapabilities.Append));
        await server.UploadAsync("STOR f.txt", "start-"u8.ToArray());

        await server.UploadAsync("APPE f.txt", "end"u8.ToArray());

        Assert.Equal("start-end", Encoding.ASCII.GetString(await server.DownloadAsync("RETR f.txt")));
    }

    [Fact]
    public async Task Rest_then_stor_without_RandomWrite_is_554_and_the_next_stor_starts_afresh()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage(StorageCapabilities.AtomicReplace));
        await server.CommandAsync("TYPE I", 200);
        await server.UploadAsync("STOR f.txt", "0123456789"u8.ToArray());

        await server.CommandAsync("REST 4", 350);
        var refused = await server.CommandAsync("STOR f.txt", 554);
        await server.UploadAsync("STOR f.txt", "whole"u8.ToArray());

        Assert.Contains("cannot write into the middle of a file", refused.Text);
        Assert.Equal("whole", Encoding.ASCII.GetString(await server.DownloadAsync("RETR f.txt")));
    }

    [Fact]
    public async Task Rest_then_stor_with_RandomWrite_writes_from_the_offset()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage());
        await server.CommandAsync("TYPE I", 200);
        await server.UploadAsync("STOR f.txt", "0123456789"u8.ToArray());

        await server.CommandAsync("REST 4", 350);
        await server.UploadAsync("STOR f.txt", "ab"u8.ToArray());

        Assert.Equal("0123ab", Encoding.ASCII.GetString(await server.DownloadAsync("RETR f.txt")));
    }

    [Fact]
    public async Task Mfmt_without_SetTimes_is_502()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage(StorageCapabilities.None));
        await server.UploadAsync("STOR f.txt", "x"u8.ToArray());

        var reply = await server.CommandAsync("MFMT 20210101000000 f.txt", 502);

        Assert.Contains("cannot set modification times", reply.Text);
    }

    [Fact]
    public async Task Mfmt_with_SetTimes_sets_the_time()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage());
        await server.UploadAsync("STOR f.txt", "x"u8.ToArray());

        await server.CommandAsync("MFMT 20210101000000 f.txt", 213);

        Assert.Equal("213 20210101000000", (await server.CommandAsync("MDTM f.txt", 213)).Text);
    }

    [Fact]
    public async Task Site_chmod_without_UnixModes_is_504_and_site_help_leaves_it_out()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage());
        await server.UploadAsync("STOR f.txt", "x"u8.ToArray());

        var reply = await server.CommandAsync("SITE CHMOD 600 f.txt", 504);
        var help = await server.CommandAsync("SITE HELP", 214);

        Assert.Contains("keeps no Unix permission bits", reply.Text);
        Assert.DoesNotContain("CHMOD", help.Text);
    }

    [Fact]
    public async Task Site_chmod_with_UnixModes_sets_the_mode_that_list_shows()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage(InMemoryStorage.DefaultCapabilities | StorageCapabilities.UnixModes));
        await server.UploadAsync("STOR f.txt", "x"u8.ToArray());

        await server.CommandAsync("SITE CHMOD 600 f.txt", 200);

        Assert.StartsWith("-rw------- ", Encoding.UTF8.GetString(await server.DownloadAsync("LIST f.txt")));
        Assert.Contains("CHMOD", (await server.CommandAsync("SITE HELP", 214)).Text);
    }
}
