namespace Ferry.Integration.Tests;

/// <summary>
/// FileZilla's and WinSCP's command sequences (python/replays.py), which no GUI client can run here,
/// replayed against the real server in the clear and over explicit TLS, passive and active.
/// </summary>
public sealed class ClientSequenceTests
{
    private readonly ITestOutputHelper _output;
    private readonly PythonScript _python;

    public ClientSequenceTests(ITestOutputHelper output)
    {
        _output = output;
        _python = new PythonScript(output);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task FileZilla_and_WinSCP_sequences_pass_command_by_command(bool tls, bool active)
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "replays.py", ipv6: false, active, tls ? ["--tls"] : []));
    }
}
