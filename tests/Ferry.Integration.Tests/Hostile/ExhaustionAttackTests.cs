using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// Hostile suite: attempts to exhaust the server: connections that never finish a line
/// (slowloris), a REST offset that would make a terabyte-sized sparse file, two writers appending to
/// one file at once, and repeated guesses on one connection.
/// </summary>
public sealed class ExhaustionAttackTests
{
    private readonly ITestOutputHelper _output;

    public ExhaustionAttackTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Slowloris_connections_are_closed_at_the_login_timeout_while_others_are_served()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string> { ["FERRY__FTP__LOGINTIMEOUTSECONDS"] = "3" },
        });
        var slow = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 30; i++)
            {
                var tcp = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
                slow.Add(tcp);
                await tcp.ConnectAsync(server.Host, server.Port);
                // Half a command, never finished.
                await tcp.GetStream().WriteAsync("US"u8.ToArray());
            }

            // Served while the slow connections hang.
            await Hostile.AssertStillServesAsync(server, _output);

            foreach (var tcp in slow)
            {
                var text = Encoding.ASCII.GetString(await Hostile.ReadUntilClosedAsync(tcp.GetStream()));
                Assert.Contains("421", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            slow.ForEach(tcp => tcp.Dispose());
        }
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task Rest_beyond_the_end_of_a_file_gets_554_before_any_data_and_makes_no_sparse_file()
    {
        await using var server = await FerryServer.StartAsync(_output);
        TestFiles.Write(server.RootDir, "small.bin", new byte[100]);
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("TYPE I", 200);

        foreach (var offset in new[] { "1000000000000", "18691697672192", "9223372036854775807" })
        {
            using var data = await client.OpenPassiveAsync();
            var rest = await client.CommandAsync($"REST {offset}");
            Assert.True(rest.Code is 350 or 501, $"REST {offset} -> {rest.Text}");
            if (rest.Code == 350)
            {
                await client.ExpectCommandAsync("STOR small.bin", 554);
            }
        }

        Assert.Equal(100, new FileInfo(Path.Combine(server.RootDir, "small.bin")).Length);
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task Two_appends_to_one_file_at_once_never_interleave()
    {
        await using var server = await FerryServer.StartAsync(_output);
        TestFiles.Write(server.RootDir, "log.txt", []);
        const int Chunks = 64;
        const int ChunkBytes = 4096;

        async Task<int> AppendAsync(byte fill)
        {
            await using var client = await RawFtpClient.LogOnAsync(server);
            await client.ExpectCommandAsync("TYPE I", 200);
            using var data = await client.OpenPassiveAsync();
            var reply = await client.CommandAsync("APPE log.txt");
            if (reply.Code != 150 && reply.Code != 125)
            {
                // Refused because the other writer holds the file: allowed, as long as nothing interleaves.
                Assert.Equal(450, reply.Code);
                return 0;
            }
            var chunk = Enumerable.Repeat(fill, ChunkBytes).ToArray();
            for (var i = 0; i < Chunks; i++)
            {
                await data.GetStream().WriteAsync(chunk);
                await Task.Yield();
            }
            data.Client.Shutdown(SocketShutdown.Send);
            await client.ExpectAsync(226);
            return Chunks * ChunkBytes;
        }

        var written = await Task.WhenAll(AppendAsync((byte)'A'), AppendAsync((byte)'B'));

        var content = await File.ReadAllBytesAsync(Path.Combine(server.RootDir, "log.txt"));
        Assert.Equal(written.Sum(), content.Length);
        // Serialised writers leave at most one change of letter: AAAA...BBBB or BBBB...AAAA.
        var runs = 1 + content.Skip(1).Zip(content).Count(pair => pair.First != pair.Second);
        Assert.True(content.Length == 0 || runs <= 2, $"{runs} alternating runs: the appends interleaved");
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task A_connection_that_guesses_three_wrong_passwords_is_closed()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await using var guesser = await RawFtpClient.ConnectAsync(server.Host, server.Port);
        await guesser.ExpectAsync(220);
        for (var i = 0; i < 3; i++)
        {
            await guesser.ExpectCommandAsync($"USER {server.User}", 331);
            await guesser.ExpectCommandAsync($"PASS wrong-guess-{i}", 530);
        }

        Assert.True(await guesser.IsClosedByServerAsync(), "a fourth guess could be sent on the same connection");
        await Hostile.AssertStillServesAsync(server, _output);
    }
}
