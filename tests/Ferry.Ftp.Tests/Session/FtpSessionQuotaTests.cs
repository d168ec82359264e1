using Ferry.Core.Identity;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>The account's quota as an FTP client meets it: 552 with how full, the old file kept, AVBL.</summary>
public sealed class FtpSessionQuotaTests
{
    private static AccountLimits Quota(long? bytes, long? files) => AccountLimits.None with { Quota = new QuotaLimits(bytes, files) };

    [Fact]
    public async Task Stor_beyond_the_byte_quota_gets_552_with_how_full_and_the_old_file_stays_whole()
    {
        await using var server = new FtpTestServer(accountLimits: Quota(300_000, null));
        var old = new byte[100_000];
        Array.Fill(old, (byte)'o');
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "a.bin"), old);
        await server.LogOnAsync();

        await server.CommandAsync("TYPE I", 200);
        // 1 MB in pieces: the server refuses once the file would pass the 200,000 bytes left.
        var reply = await server.RefusedUploadAsync("STOR a.bin", 8, 128 * 1024, 552);
        Assert.Matches(@"^552 a\.bin: quota exceeded: \d+ of 300000 bytes used\.$", reply.Text);

        Assert.Equal(old, await File.ReadAllBytesAsync(Path.Combine(server.Root, "a.bin")));
        Assert.Equal([Path.Combine(server.Root, "a.bin")], Directory.GetFiles(server.Root));
        Assert.Equal("213 200000", (await server.CommandAsync("AVBL", 213)).Text);
    }

    [Fact]
    public async Task A_new_file_beyond_the_file_count_gets_552_before_any_data_connection()
    {
        await using var server = new FtpTestServer(accountLimits: Quota(null, 1));
        await File.WriteAllTextAsync(Path.Combine(server.Root, "a.txt"), "a");
        await server.LogOnAsync();

        await server.CommandAsync("PASV", 227);
        var reply = await server.CommandAsync("STOR b.txt", 552);
        Assert.Equal("552 b.txt: quota exceeded: 1 of 1 files used.", reply.Text);
        Assert.False(File.Exists(Path.Combine(server.Root, "b.txt")));

        Assert.Equal("552 d: quota exceeded: 1 of 1 files used.", (await server.CommandAsync("MKD d", 552)).Text);

        // Replacing the one file it has is still allowed.
        await server.UploadAsync("STOR a.txt", "new"u8.ToArray());
        Assert.Equal("new", await File.ReadAllTextAsync(Path.Combine(server.Root, "a.txt")));
    }

    [Fact]
    public async Task Appe_past_the_quota_gets_552_and_keeps_what_fitted_never_more()
    {
        await using var server = new FtpTestServer(accountLimits: Quota(300_000, null));
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "log.bin"), new byte[100_000]);
        await server.LogOnAsync();

        await server.CommandAsync("TYPE I", 200);
        await server.RefusedUploadAsync("APPE log.bin", 4, 128 * 1024, 552);

        // In place: the 128 KiB pieces that fitted stay (the client may resume once there is room); none beyond the quota.
        var length = new FileInfo(Path.Combine(server.Root, "log.bin")).Length;
        Assert.Equal(100_000 + (128 * 1024), length);
        Assert.Equal($"213 {300_000 - length}", (await server.CommandAsync("AVBL", 213)).Text);
    }

    [Fact]
    public async Task An_upload_within_the_quota_is_stored_through_the_buffered_path_and_counted()
    {
        await using var server = new FtpTestServer(accountLimits: Quota(1_000, 10));
        await server.LogOnAsync();
        await server.CommandAsync("TYPE I", 200);

        await server.UploadAsync("STOR a.bin", new byte[600]);

        Assert.Equal(600, new FileInfo(Path.Combine(server.Root, "a.bin")).Length);
        Assert.Equal("213 400", (await server.CommandAsync("AVBL /", 213)).Text);
        await server.CommandAsync("AVBL a.bin", 550);
    }
}
