using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// Hostile suite: attacks on the data connection (RFC 2577): FTP bounce through PORT and EPRT, a
/// third party stealing a passive transfer, and a PASV flood that would hold every passive port.
/// </summary>
public sealed class DataConnectionAttackTests
{
    private readonly ITestOutputHelper _output;

    public DataConnectionAttackTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Port_and_eprt_to_another_host_or_a_privileged_port_are_refused_before_any_connect()
    {
        await using var server = await FerryServer.StartAsync(_output);
        // The victim: a listener on another loopback address, as a host behind the server's firewall would be.
        var victim = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        victim.Start();
        try
        {
            var port = ((IPEndPoint)victim.LocalEndpoint).Port;
            await using var client = await RawFtpClient.LogOnAsync(server);

            var bounce = await client.ExpectCommandAsync($"PORT 127,0,0,2,{port / 256},{port % 256}", 504);
            Assert.Contains("your own address", bounce.Text, StringComparison.Ordinal);
            await client.ExpectCommandAsync($"EPRT |1|127.0.0.2|{port}|", 504);
            var privileged = await client.ExpectCommandAsync("PORT 127,0,0,1,0,25", 504);
            Assert.Contains("below 1024", privileged.Text, StringComparison.Ordinal);

            // Nothing was set up, so a transfer has no data connection to open, and the victim saw none.
            await client.ExpectCommandAsync("LIST", 425);
            Assert.False(victim.Pending(), "the server connected to the bounce target");
        }
        finally
        {
            victim.Stop();
        }

        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task A_third_party_connecting_first_to_a_passive_port_gets_nothing_and_the_client_gets_its_file()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var content = TestFiles.RandomBytes(64 * 1024, seed: 7);
        TestFiles.Write(server.RootDir, "private.bin", content);
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("TYPE I", 200);
        var port = await client.PassivePortAsync();

        // The thief guesses the port and connects first, from another address.
        using var thief = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        using (var timeout = new CancellationTokenSource(Hostile.Bound))
        {
            await thief.ConnectAsync(server.Host, port, timeout.Token);
        }

        using var data = new TcpClient();
        using (var timeout = new CancellationTokenSource(Hostile.Bound))
        {
            await data.ConnectAsync(server.Host, port, timeout.Token);
        }
        await client.ExpectCommandAsync("RETR private.bin", 150);
        Assert.Equal(content, await RawFtpClient.ReadAllAsync(data));
        await client.ExpectAsync(226);

        Assert.Empty(await Hostile.ReadUntilClosedAsync(thief.GetStream()));
        Assert.True(await server.WaitForOutputAsync("127.0.0.2", Hostile.Bound), "the refused data connection was not logged");
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task A_session_keeps_its_passive_port_across_transfers_and_a_stranger_queued_between_them_gets_nothing()
    {
        await using var server = await FerryServer.StartAsync(_output);
        TestFiles.Write(server.RootDir, "one.txt", "one"u8.ToArray());
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("TYPE I", 200);

        var port = await client.PassivePortAsync();
        using (var data = new TcpClient())
        {
            await data.ConnectAsync(server.Host, port);
            await client.ExpectCommandAsync("RETR one.txt", 150);
            Assert.Equal("one"u8.ToArray(), await RawFtpClient.ReadAllAsync(data));
            await client.ExpectAsync(226);
        }

        // Between transfers a stranger connects to the kept port; the kernel queues it.
        using var stranger = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        await stranger.ConnectAsync(server.Host, port);

        Assert.Equal(port, await client.PassivePortAsync());
        Assert.Empty(await Hostile.ReadUntilClosedAsync(stranger.GetStream()));
        using (var data = new TcpClient())
        {
            await data.ConnectAsync(server.Host, port);
            await client.ExpectCommandAsync("RETR one.txt", 150);
            Assert.Equal("one"u8.ToArray(), await RawFtpClient.ReadAllAsync(data));
            await client.ExpectAsync(226);
        }
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task A_pasv_flood_holds_at_most_one_passive_port_per_session()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await using var flooder = await RawFtpClient.LogOnAsync(server);
        // 300 is more than the test server's whole passive range: were each PASV to keep its port, the range would run dry.
        for (var i = 0; i < 300; i++)
        {
            await flooder.ExpectCommandAsync("PASV", 227);
        }

        var listening = ListeningPorts().Count(p => p >= server.Ports.PassiveLow && p <= server.Ports.PassiveHigh - 4);
        Assert.True(listening <= 1, $"{listening} passive ports are held by one session's PASV flood");

        await using (var other = await RawFtpClient.LogOnAsync(server))
        {
            using var data = await other.OpenPassiveAsync();
            await other.ExpectCommandAsync("NLST", 150);
            await RawFtpClient.ReadAllAsync(data);
            await other.ExpectAsync(226);
        }
        await Hostile.AssertStillServesAsync(server, _output);
    }

    /// <summary>Local ports in LISTEN state on this machine (IPv4 and IPv6), from the kernel's socket tables.</summary>
    private static IEnumerable<int> ListeningPorts()
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }
            foreach (var line in File.ReadLines(table, Encoding.ASCII).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // fields[1] is local "ADDR:PORT" in hex, fields[3] the state; 0A is TCP_LISTEN.
                if (fields.Length > 3 && fields[3] == "0A")
                {
                    yield return int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                }
            }
        }
    }
}
