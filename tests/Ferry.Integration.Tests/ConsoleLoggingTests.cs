namespace Ferry.Integration.Tests;

/// <summary>The console logs of the real process, configured through the standard Logging section.</summary>
public sealed class ConsoleLoggingTests
{
    private readonly ITestOutputHelper _output;

    public ConsoleLoggingTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Under_systemd_lines_carry_journald_priorities()
    {
        // systemd sets JOURNAL_STREAM when stdout goes to the journal.
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string> { ["JOURNAL_STREAM"] = "8:12345" },
        });
        Assert.True(await server.WaitForOutputAsync("Ferry is serving", TimeSpan.FromSeconds(10)), "no start-up line");
        var serving = Assert.Single(server.Output.Split('\n'), l => l.Contains("Ferry is serving", StringComparison.Ordinal));
        Assert.StartsWith("<6>Ferry[0] Ferry is serving", serving, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_level_for_one_category_shows_its_debug_lines_only()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string>
            {
                ["FERRY__LOGGING__LOGLEVEL__DEFAULT"] = "Warning",
                ["FERRY__LOGGING__LOGLEVEL__Ferry.Ftp.Session"] = "Debug",
            },
        });
        await using (var client = await RawFtpClient.LogOnAsync(server))
        {
            await client.ExpectCommandAsync("NOOP", 200);
        }

        Assert.True(await server.WaitForOutputAsync("<- NOOP", TimeSpan.FromSeconds(10)), "the session's Debug lines are missing");
        Assert.DoesNotContain("Ferry is serving", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_formatter_stops_the_start_with_the_key_named()
    {
        var server = FerryServer.Create(_output, new()
        {
            Environment = new Dictionary<string, string> { ["FERRY__LOGGING__CONSOLE__FORMATTERNAME"] = "jsonl" },
        });
        await using (server)
        {
            await Assert.ThrowsAnyAsync<Exception>(server.LaunchAsync);
            Assert.Contains("Logging:Console:FormatterName must be one of simple, json, systemd, not 'jsonl'.", server.Output, StringComparison.Ordinal);
        }
    }
}
