namespace Ferry.Integration.Tests;

/// <summary>Connection limits answer with 421 and a sentence instead of a silent close.</summary>
public sealed class LimitsTests
{
    /// <summary>The start-up probe's session may still be closing when the test connects; it is gone long before this many tries.</summary>
    private const int MaxConnectAttempts = 50;

    private readonly ITestOutputHelper _output;

    public LimitsTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task A_third_connection_from_one_address_gets_421_and_is_closed_while_the_first_two_go_on()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string> { ["FERRY__FTP__MAXCONNECTIONSPERADDRESS"] = "2" },
        });

        await using var first = await LogOnAdmittedAsync(server);
        await using var second = await LogOnAdmittedAsync(server);
        await using var third = await RawFtpClient.ConnectAsync(server.Host, server.Port);

        var refusal = await third.ReadReplyAsync();
        Assert.StartsWith("421 ", refusal.Text, StringComparison.Ordinal);
        // A sentence a person can act on, not a bare code.
        Assert.Matches(@"^421 \w+( \S+){3,}\.", refusal.Text);
        Assert.True(await third.IsClosedByServerAsync(), "the refused connection stayed open");

        await first.ExpectCommandAsync("NOOP", 200);
        await second.ExpectCommandAsync("NOOP", 200);
        Assert.True(await server.WaitForOutputAsync("Refused FTP connection from 127.0.0.1", TimeSpan.FromSeconds(10)), "the refusal was not logged");
    }

    [Fact]
    public async Task A_connection_beyond_the_servers_total_gets_421_naming_the_limit_and_is_closed()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string> { ["FERRY__FTP__MAXCONNECTIONS"] = "2" },
        });

        await using var first = await LogOnAdmittedAsync(server);
        await using var second = await LogOnAdmittedAsync(server);
        await using var third = await RawFtpClient.ConnectAsync(server.Host, server.Port);

        var refusal = await third.ReadReplyAsync();
        Assert.Equal("421 Too many connections: the server allows 2 at once. Try again later.", refusal.Text);
        Assert.True(await third.IsClosedByServerAsync(), "the refused connection stayed open");

        // The slot of a session that ends is given back.
        await first.ExpectCommandAsync("QUIT", 221);
        await using var fourth = await LogOnAdmittedAsync(server);
        await second.ExpectCommandAsync("NOOP", 200);
    }

    /// <summary>Connects until the server admits the connection (220), then logs on.</summary>
    private static async Task<RawFtpClient> LogOnAdmittedAsync(FerryServer server)
    {
        for (var attempt = 1; ; attempt++)
        {
            var client = await RawFtpClient.ConnectAsync(server.Host, server.Port);
            var greeting = await client.ReadReplyAsync();
            if (greeting.Code == 220)
            {
                await client.ExpectCommandAsync($"USER {server.User}", 331);
                await client.ExpectCommandAsync($"PASS {server.Password}", 230);
                return client;
            }
            await client.DisposeAsync();
            Assert.True(greeting.Code == 421 && attempt < MaxConnectAttempts, $"connection {attempt} was greeted with: {greeting.Text}");
            await Task.Delay(100);
        }
    }
}
