namespace Ferry.Integration.Tests;

/// <summary>The `ferry` command line itself: version, help and mistakes, as a shell user meets them.</summary>
public sealed partial class CliTests
{
    private readonly FerryCli _ferry;
    private readonly string _workingDir = Path.GetTempPath();

    public CliTests(ITestOutputHelper output)
    {
        _ferry = new FerryCli(output);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    [InlineData("-v")]
    public async Task Version_prints_the_version_and_the_git_commit_it_was_built_from(string flag)
    {
        var result = await _ferry.RunAsync(_workingDir, null, flag);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Matches(VersionLine(), result.Stdout.Trim());
    }

    [Fact]
    public async Task Help_is_a_command_that_lists_every_command()
    {
        var result = await _ferry.RunAsync(_workingDir, null, "help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "serve", "account", "tls", "completion", "help" })
        {
            Assert.Matches($@"(?m)^  {command}\b", result.Stdout);
        }
    }

    [Fact]
    public async Task Help_of_serve_lists_its_flags()
    {
        var result = await _ferry.RunAsync(_workingDir, null, "help", "serve");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:\n  ferry serve [options]", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("--passive-ports <LOW-HIGH>", result.Stdout);
        Assert.Contains("--user <NAME:PASSWORD>", result.Stdout);
    }

    [Fact]
    public async Task A_misspelled_option_exits_2_and_suggests_the_right_one()
    {
        var result = await _ferry.RunAsync(_workingDir, null, "serve", "--pasive-ports", "30000-30010");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'--pasive-ports'", result.Stderr);
        Assert.Contains("Did you mean", result.Stdout + result.Stderr);
        Assert.Contains("--passive-ports", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Completion_answers_through_the_suggest_directive()
    {
        var result = await _ferry.RunAsync(_workingDir, null, "[suggest:16]", "ferry account pa");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^passwd$", result.Stdout);
    }

    /// <summary>"ferry 1.0.0 (commit 40 hex digits)": the SDK's SourceLink appends the commit when built in git.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^ferry \d+\.\d+\.\d+\S* \(commit [0-9a-f]{40}\)$")]
    private static partial System.Text.RegularExpressions.Regex VersionLine();
}
