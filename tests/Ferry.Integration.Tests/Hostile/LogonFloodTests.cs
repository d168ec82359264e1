using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace Ferry.Integration.Tests;

/// <summary>
/// Issue 9, defect 3 (bad passwords starve good logons), against the real process with its real
/// password hash (PBKDF2, 600,000 rounds, about 0.3 s of a core each). Each flood is bounded in count,
/// and every wait in it is bounded; the process is killed when a test ends.
/// </summary>
public sealed class LogonFloodTests
{
    /// <summary>What a rejected logon whose password was checked gets; a ban refusal says more.</summary>
    private const string CheckedRejection = "530 Login incorrect.";

    private const string BanRefusal = "Too many failed logons";

    /// <summary>The review's flood: 400 wrong passwords at once from 20 addresses.</summary>
    private const int FloodAddresses = 20;

    private const int GuessesPerAddress = 20;

    /// <summary>The bound the issue asks for explicitly: a first-time logon from a clean address under the flood.</summary>
    private static readonly TimeSpan CleanLogonBound = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The clean logon waits for at most the hash running when it arrives and then its own. When one
    /// hash takes longer than this on the test machine (other processes keep every core busy), two no
    /// longer fit in the bound with room to spare, and a miss says nothing about Ferry: it is skipped.
    /// </summary>
    private static readonly TimeSpan MeasurableHash = TimeSpan.FromMilliseconds(600);

    /// <summary>How long a condition that depends on the flood may take to appear before the test gives up.</summary>
    private static readonly TimeSpan FloodWait = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _output;

    public LogonFloodTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [SkippableFact]
    public async Task Under_a_flood_of_wrong_passwords_from_20_addresses_a_logon_from_a_21st_completes_within_2_s()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var replies = new ConcurrentQueue<(IPAddress From, string Text, long At)>();
        var clock = Stopwatch.StartNew();
        var flood = new List<RawFtpClient>();
        try
        {
            // 127.0.0.2 .. 127.0.0.21, twenty wrong passwords each, all sent before the clean logon starts.
            var addresses = Enumerable.Range(2, FloodAddresses).Select(i => IPAddress.Parse($"127.0.0.{i}")).ToArray();
            var guesses = addresses.SelectMany(address => Enumerable.Range(0, GuessesPerAddress).Select(i => GuessAsync(server, address, $"wrong-{address}-{i}", replies, clock))).ToArray();
            flood.AddRange(await Task.WhenAll(guesses));

            // Every flooding address has had its attempts counted and queued: each got a ban refusal
            // for the attempts beyond what it may have checked.
            Assert.True(
                await WaitUntilAsync(() => addresses.All(address => replies.Any(reply => reply.From.Equals(address) && reply.Text.Contains(BanRefusal, StringComparison.Ordinal)))),
                "not every flooding address was refused");
            var checkedBefore = replies.Count(reply => reply.Text == CheckedRejection);

            var hashBefore = TimeOneHash();
            var started = clock.Elapsed;
            await using (var clean = await RawFtpClient.ConnectFromAsync(IPAddress.Parse("127.0.0.22"), server.Host, server.Port))
            {
                await clean.ExpectAsync(220);
                await clean.ExpectCommandAsync($"USER {server.User}", 331);
                await clean.ExpectCommandAsync($"PASS {server.Password}", 230);
            }

            var took = clock.Elapsed - started;
            var doneAt = clock.ElapsedTicks;
            var hash = TimeSpan.FromTicks(Math.Max(hashBefore.Ticks, TimeOneHash().Ticks));
            _output.WriteLine($"clean logon took {took.TotalMilliseconds:F0} ms; {checkedBefore} flood passwords had been checked before it started; one hash takes {hash.TotalMilliseconds:F0} ms here now");

            // Whatever the machine's load: a few hashes, not the flood's queue of eighty.
            Assert.True(took < (4 * hash) + TimeSpan.FromSeconds(1), $"the clean logon took {took.TotalSeconds:F1} s under the flood, {took / hash:F1} hashes");
            Skip.If(took >= CleanLogonBound && hash > MeasurableHash, $"the machine is too busy to measure the 2 s bound: one password hash took {hash.TotalSeconds:F1} s (the clean logon took {took.TotalSeconds:F1} s)");
            Assert.True(took < CleanLogonBound, $"the clean logon took {took.TotalSeconds:F1} s under the flood");

            // The flood still had checks waiting: the clean logon went ahead of them rather than after.
            Assert.True(
                await WaitUntilAsync(() => replies.Any(reply => reply.Text == CheckedRejection && reply.At > doneAt)),
                "no flood password was checked after the clean logon, so the flood was not waiting");
        }
        finally
        {
            foreach (var client in flood)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_hundred_and_fifty_parallel_guesses_from_one_address_get_at_most_the_ban_limit_checked()
    {
        // Below the default 200 connections per address, so that every guess is admitted; the review's
        // 500 from one address got 200 full guesses, the connection limit, instead of the ban's 10.
        const int Guesses = 150;
        await using var server = await FerryServer.StartAsync(_output);
        var replies = new ConcurrentQueue<(IPAddress From, string Text, long At)>();
        var clock = Stopwatch.StartNew();
        var address = IPAddress.Parse("127.0.0.31");

        var clients = await Task.WhenAll(Enumerable.Range(0, Guesses).Select(i => GuessAsync(server, address, $"wrong-{i}", replies, clock)));
        try
        {
            Assert.True(await WaitUntilAsync(() => replies.Count(reply => reply.Text.StartsWith("530", StringComparison.Ordinal)) == Guesses), "not every guess was answered");

            var @checked = replies.Count(reply => reply.Text == CheckedRejection);
            _output.WriteLine($"{@checked} of {Guesses} guesses were checked");
            Assert.InRange(@checked, 1, 10);
            Assert.Equal(Guesses - @checked, replies.Count(reply => reply.Text.Contains(BanRefusal, StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        // The right password from the banned address is refused too, without a check.
        await using var late = await RawFtpClient.ConnectFromAsync(address, server.Host, server.Port);
        await late.ExpectAsync(220);
        await late.ExpectCommandAsync($"USER {server.User}", 331);
        var refused = await late.ExpectCommandAsync($"PASS {server.Password}", 530);
        Assert.Contains(BanRefusal, refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thirteen_pairs_on_one_connection_get_three_answers_and_the_connection_is_closed()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await using var client = await RawFtpClient.ConnectFromAsync(IPAddress.Parse("127.0.0.41"), server.Host, server.Port);
        await client.ExpectAsync(220);

        // The review's case, pipelined in one write.
        await client.SendAsync(string.Join("\r\n", Enumerable.Range(1, 13).Select(i => $"USER {server.User}\r\nPASS wrong-{i}")));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await client.ExpectAsync(331);
            var refusal = await client.ExpectAsync(530);
            Assert.Equal(attempt == 3, refusal.Text.Contains("Closing the connection", StringComparison.Ordinal));
        }

        Assert.True(await client.IsClosedByServerAsync(), "the connection stayed open after three failed logons");

        // Three failures are below the ban limit: the same address still logs on.
        await using var again = await RawFtpClient.ConnectFromAsync(IPAddress.Parse("127.0.0.41"), server.Host, server.Port);
        await again.ExpectAsync(220);
        await again.ExpectCommandAsync($"USER {server.User}", 331);
        await again.ExpectCommandAsync($"PASS {server.Password}", 230);
    }

    /// <summary>
    /// Connects from <paramref name="from"/>, sends USER and a wrong PASS in one write, and returns
    /// once they are sent; the two replies are read in the background into <paramref name="replies"/>.
    /// </summary>
    private static async Task<RawFtpClient> GuessAsync(FerryServer server, IPAddress from, string password, ConcurrentQueue<(IPAddress, string, long)> replies, Stopwatch clock)
    {
        var client = await RawFtpClient.ConnectFromAsync(from, server.Host, server.Port);
        await client.SendAsync($"USER {server.User}\r\nPASS {password}");
        _ = Task.Run(async () =>
        {
            try
            {
                for (var reply = 0; reply < 3; reply++)
                {
                    var text = (await client.ReadReplyAsync()).Text;
                    replies.Enqueue((from, text, clock.ElapsedTicks));
                }
            }
            catch (Exception e) when (e is IOException or TimeoutException or ObjectDisposedException or OperationCanceledException)
            {
                // Closed by the test, or still waiting when a bounded read gave up: no reply to record.
            }
        });
        return client;
    }

    /// <summary>The wall-clock time of one password hash at the server's default cost, on this machine now.</summary>
    private static TimeSpan TimeOneHash()
    {
        var watch = Stopwatch.StartNew();
        Rfc2898DeriveBytes.Pbkdf2("calibration", RandomNumberGenerator.GetBytes(16), 600_000, HashAlgorithmName.SHA256, 32);
        return watch.Elapsed;
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > FloodWait)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
