namespace Ferry.Integration.Tests;

/// <summary>The runner the client tests stand on: it must report exit codes and output, and never wait for ever.</summary>
public sealed class ClientRunnerTests
{
    private readonly ClientRunner _runner;

    public ClientRunnerTests(ITestOutputHelper output)
    {
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task Reports_exit_code_and_both_output_streams()
    {
        var result = await _runner.RunAsync("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }

    [Fact]
    public async Task Feeds_standard_input_to_the_program()
    {
        var result = await _runner.RunAsync("/bin/cat", [], standardInput: "line one\nline two\n");

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal("line one\nline two\n", result.Stdout);
    }

    [Fact]
    public async Task Kills_a_program_that_outlives_its_timeout()
    {
        var result = await _runner.RunAsync("/bin/sleep", ["600"], timeout: TimeSpan.FromMilliseconds(300));

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
    }
}
