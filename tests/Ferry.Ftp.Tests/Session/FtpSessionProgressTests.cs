using Ferry.Core.Diagnostics;
using Ferry.Ftp.Tests.Support;
using Ferry.Testing;

namespace Ferry.Ftp.Tests.Session;

/// <summary>What an FTP session tells the shared session list (command, transfer progress) and the metrics, and how it ends when asked.</summary>
public sealed class FtpSessionProgressTests : IDisposable
{
    private readonly FerryMetrics _metrics = new();
    private readonly MetricRecorder _recorder;

    public FtpSessionProgressTests() => _recorder = new MetricRecorder(_metrics.Meter);

    private async Task<FtpTestServer> LoggedInAsync()
    {
        var server = new FtpTestServer(metrics: _metrics);
        await server.LogOnAsync();
        return server;
    }

    [Fact]
    public async Task The_current_command_is_shown_with_the_password_masked()
    {
        await using var server = await LoggedInAsync();
        Assert.Equal("PASS ****", server.Session.Registration.Command);

        await server.CommandAsync("CWD /", 250);

        Assert.Equal("CWD /", server.Session.Registration.Command);
        Assert.Equal(FtpTestServer.User, server.Session.Registration.Snapshot().User);
    }

    [Fact]
    public async Task A_running_download_is_shown_and_counted_as_aborted_after_ABOR()
    {
        await using var server = await LoggedInAsync();
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "big.bin"), new byte[8 * 1024 * 1024]);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("RETR big.bin");
        await using var data = await server.DataConnectionAsync();
        await server.ExpectAsync(150);

        // The client reads nothing, so the transfer waits mid-way and stays in the list.
        var shown = server.Session.Registration.Snapshot();
        Assert.Equal("RETR big.bin", shown.Command);
        Assert.NotNull(shown.Transfer);
        Assert.Equal("/big.bin", shown.Transfer.Path);
        Assert.Equal(TransferDirection.Download, shown.Transfer.Direction);

        await server.SendAsync("ABOR");
        await server.ExpectAsync(426);
        await server.ExpectAsync(226);

        Assert.Null(server.Session.Registration.Transfer);
        Assert.Equal(1, _recorder.Count("ferry.transfers", ("protocol", "ftp"), ("direction", "download"), ("result", "aborted")));
    }

    [Fact]
    public async Task A_finished_upload_counts_its_bytes_and_one_good_transfer()
    {
        await using var server = await LoggedInAsync();
        await server.CommandAsync("TYPE I", 200);
        await server.UploadAsync("STOR up.bin", new byte[12345]);

        // PWD (unlike NOOP) waits for the transfer to end on the server's side too.
        await server.CommandAsync("PWD", 257);

        Assert.Null(server.Session.Registration.Transfer);
        Assert.Equal(12345, _recorder.Sum("ferry.bytes_received", ("protocol", "ftp")));
        Assert.Equal(1, _recorder.Count("ferry.transfers", ("protocol", "ftp"), ("direction", "upload"), ("result", "ok")));
        Assert.Equal(1, _recorder.Count("ferry.transfer_duration", ("protocol", "ftp"), ("direction", "upload")));
    }

    [Fact]
    public async Task A_listing_is_not_a_file_transfer()
    {
        await using var server = await LoggedInAsync();
        await server.DownloadAsync("LIST");
        await server.CommandAsync("PWD", 257);

        Assert.Equal(0, _recorder.Count("ferry.transfers"));
    }

    [Fact]
    public async Task An_administrators_disconnect_sends_421_with_the_reason_and_closes()
    {
        await using var server = await LoggedInAsync();

        await server.Session.Registration.CloseAsync("Disconnected by the server's administrator.");

        var reply = await server.ExpectAsync(421);
        Assert.Contains("Disconnected by the server's administrator.", reply.Text, StringComparison.Ordinal);
        Assert.True(await server.ClosedAsync());
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _metrics.Dispose();
    }
}
