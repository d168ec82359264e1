namespace Ferry.Integration.Tests;

/// <summary>STAT and ABOR on the control connection while a download is blocked on a client that does not read.</summary>
public sealed class StatDuringTransferTests
{
    /// <summary>Far more than loopback socket buffers hold, so that the transfer cannot finish unread. Sparse on disk.</summary>
    private const long LargeSize = 200L * 1024 * 1024;

    private readonly ITestOutputHelper _output;

    public StatDuringTransferTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Stat_reports_the_running_transfer_and_abor_ends_it_with_426_then_226()
    {
        await using var server = await FerryServer.StartAsync(_output);
        using (var file = File.Create(Path.Combine(server.RootDir, "large.bin")))
        {
            file.SetLength(LargeSize);
        }
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("TYPE I", 200);
        using var data = await client.OpenPassiveAsync();
        await client.ExpectCommandAsync("RETR large.bin", 150);

        var status = await client.ExpectCommandAsync("STAT", 211);
        Assert.Contains("Transfer in progress", status.Text);
        Assert.Contains("large.bin", status.Text);

        await client.ExpectCommandAsync("ABOR", 426);
        await client.ExpectAsync(226);
        data.Close();
        await client.ExpectCommandAsync("NOOP", 200);
    }
}
