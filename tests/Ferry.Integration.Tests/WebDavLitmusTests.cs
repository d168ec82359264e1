using System.Text.RegularExpressions;

namespace Ferry.Integration.Tests;

/// <summary>
/// litmus, the WebDAV compliance suite, against the real process over HTTP and HTTPS: each suite
/// must run every one of its tests (a skipped test does not count as passed) and fail none.
/// Apache's mod_dav_fs runs all 104 and passes them on this machine.
/// </summary>
public sealed partial class WebDavLitmusTests
{
    /// <summary>How many tests each suite of litmus 0.13 runs when the server supports everything it probes.</summary>
    public static TheoryData<string, int, bool> Suites()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var tls in new[] { false, true })
        {
            data.Add("basic", 16, tls);
            data.Add("copymove", 13, tls);
            data.Add("props", 30, tls);
            data.Add("locks", 41, tls);
            // litmus itself skips "expect100" against an SSL server, for every server: 3 is all it runs over HTTPS.
            data.Add("http", tls ? 3 : 4, tls);
        }

        return data;
    }

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public WebDavLitmusTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task Litmus_suite_runs_every_test_and_passes_all(string suite, int expected, bool tls)
    {
        var litmus = ClientTools.Require("litmus");
        await using var server = await FerryServer.StartAsync(_output);
        var result = await _runner.RunAsync(litmus, [server.DavUrl("", tls), server.User, server.Password],
            workingDirectory: server.ClientDir, timeout: TimeSpan.FromSeconds(120),
            environment: new Dictionary<string, string> { ["TESTS"] = suite });
        var summary = Summary().Match(result.Stdout);
        Assert.True(summary.Success, "litmus printed no summary:\n" + result.Describe());
        var (run, passed) = (int.Parse(summary.Groups["run"].Value), int.Parse(summary.Groups["passed"].Value));
        Assert.True(run == expected && passed == expected, $"{suite}: {passed} of {run} run passed, {expected} expected\n" + result.Describe());
        Assert.Equal(0, result.ExitCode);
    }

    [GeneratedRegex(@"summary for `\w+': of (?<run>\d+) tests run: (?<passed>\d+) passed")]
    private static partial Regex Summary();
}
