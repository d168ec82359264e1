namespace Ferry.Integration.Tests;

/// <summary>Runs one of the ftplib scripts in python/ against a server; the script prints a line per check and exits non-zero at the first failure.</summary>
public sealed class PythonScript
{
    private readonly ClientRunner _runner;

    public PythonScript(ITestOutputHelper output)
    {
        _runner = new ClientRunner(output);
    }

    public async Task<ClientResult> RunAsync(FerryServer server, string script, bool ipv6, bool active, params string[] extraArguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "python", script);
        Assert.True(File.Exists(path), $"{path} is missing: the python/ scripts are copied to the test output on build");
        string[] arguments =
        [
            // -u: unbuffered, so that the output shows every check passed before a hang or a kill.
            "-u", path,
            "--host", ipv6 ? "::1" : server.Host,
            "--port", server.Port.ToString(),
            "--user", server.User,
            "--password", server.Password,
            "--root", server.RootDir,
            .. active ? new[] { "--active" } : [],
            .. extraArguments,
        ];
        return await _runner.RunAsync(ClientTools.Require(ClientTools.Python), arguments, workingDirectory: server.ClientDir);
    }

    public static void AssertPassed(ClientResult result)
    {
        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("all checks passed", result.Stdout);
    }
}
