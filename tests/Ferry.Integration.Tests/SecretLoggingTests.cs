namespace Ferry.Integration.Tests;

/// <summary>Passwords never reach the server's log, even at Debug, where every command is logged.</summary>
public sealed class SecretLoggingTests
{
    private readonly ITestOutputHelper _output;

    public SecretLoggingTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Debug_logging_masks_the_pass_argument_of_good_and_bad_logons()
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--log-level", "Debug"] });
        const string wrongPassword = "wrong-password-e7c1";

        await using (var rejected = await RawFtpClient.ConnectAsync(server.Host, server.Port))
        {
            await rejected.ExpectAsync(220);
            await rejected.ExpectCommandAsync($"USER {server.User}", 331);
            // Lower case: verbs are case-insensitive, and so must be the masking.
            await rejected.ExpectCommandAsync($"pass {wrongPassword}", 530);
        }
        await using (var accepted = await RawFtpClient.LogOnAsync(server))
        {
            await accepted.ExpectCommandAsync("NOOP", 200);
        }

        // The NOOP's log line follows both PASS lines, so all of them have been written once it shows.
        Assert.True(await server.WaitForOutputAsync("NOOP", TimeSpan.FromSeconds(10)), "Debug logging does not show commands");
        Assert.Contains("PASS ****", server.Output);
        Assert.DoesNotContain(server.Password, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, server.Output, StringComparison.Ordinal);
    }
}
