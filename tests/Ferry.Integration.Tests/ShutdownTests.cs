using System.Net.Sockets;
using System.Security.Cryptography;

namespace Ferry.Integration.Tests;

/// <summary>SIGTERM: idle sessions hear 421, running transfers finish within the grace, nobody new gets in.</summary>
public sealed class ShutdownTests
{
    /// <summary>Generous against a slow machine, yet short enough that a hung shutdown fails the test quickly.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(25);

    /// <summary>Far more than loopback socket buffers hold: the download is certainly running when SIGTERM arrives.</summary>
    private const int LargeSize = 64 * 1024 * 1024;

    private static readonly FerryServerOptions Grace20 = new()
    {
        Environment = new Dictionary<string, string> { ["FERRY__SHUTDOWN__GRACESECONDS"] = "20" },
    };

    private readonly ITestOutputHelper _output;

    public ShutdownTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task An_idle_session_gets_421_and_the_process_exits_0()
    {
        await using var server = await FerryServer.StartAsync(_output, Grace20);
        await using var idle = await RawFtpClient.LogOnAsync(server);

        server.Terminate();

        await idle.ExpectAsync(421);
        Assert.True(await idle.IsClosedByServerAsync(), "the session stayed open after 421");
        Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));
    }

    [Fact]
    public async Task A_running_download_completes_while_new_connections_are_refused()
    {
        await using var server = await FerryServer.StartAsync(_output, Grace20);
        var content = TestFiles.RandomBytes(LargeSize, seed: 64);
        TestFiles.Write(server.RootDir, "large.bin", content);
        await using var idle = await RawFtpClient.LogOnAsync(server);
        await using var downloader = await RawFtpClient.LogOnAsync(server);
        await downloader.ExpectCommandAsync("TYPE I", 200);
        using var data = await downloader.OpenPassiveAsync();
        await downloader.ExpectCommandAsync("RETR large.bin", 150);
        using var received = new MemoryStream();
        var stream = data.GetStream();
        await ReadAtLeastAsync(stream, received, 1024 * 1024);

        server.Terminate();

        // The idle session's 421 comes after the listener closed: from now on nobody new gets in.
        await idle.ExpectAsync(421);
        await AssertRefusedAsync(server);
        Assert.False(server.HasExited, "the server exited while a transfer was running");

        using (var timeout = new CancellationTokenSource(RawFtpClient.ReplyTimeout))
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        await downloader.ExpectAsync(226);
        Assert.Equal(content.Length, received.Length);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(received.ToArray()));
        Assert.Equal(0, await server.WaitForExitAsync(ExitTimeout));
    }

    private static async Task ReadAtLeastAsync(NetworkStream stream, MemoryStream into, int count)
    {
        using var timeout = new CancellationTokenSource(RawFtpClient.ReplyTimeout);
        var buffer = new byte[65536];
        while (into.Length < count)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"the download ended after {into.Length} bytes");
            into.Write(buffer, 0, read);
        }
    }

    /// <summary>A refused connection, or one the server closes without a 220 greeting.</summary>
    private static async Task AssertRefusedAsync(FerryServer server)
    {
        RawFtpClient client;
        try
        {
            client = await RawFtpClient.ConnectAsync(server.Host, server.Port);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return;
        }
        await using (client)
        {
            FtpReply? greeting = null;
            try
            {
                greeting = await client.ReadReplyAsync();
            }
            catch (IOException)
            {
                return;
            }
            Assert.Fail($"a connection after SIGTERM was greeted with: {greeting.Text}");
        }
    }
}
