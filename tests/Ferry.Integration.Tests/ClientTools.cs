namespace Ferry.Integration.Tests;

/// <summary>Finds the real FTP clients the tests drive. A missing client fails the test loudly: nothing is skipped in silence.</summary>
public static class ClientTools
{
    /// <summary>Debian's Python: its ftplib is what we test against, and the pyenv python3 on PATH may differ.</summary>
    public const string Python = "/usr/bin/python3";

    public static string Require(string program)
    {
        if (Path.IsPathRooted(program))
        {
            if (File.Exists(program))
            {
                return program;
            }
        }
        else
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
            foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(directory, program);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        Assert.Fail($"{program} is not installed. Run ./test.sh from the repository root: it installs every client these tests drive.");
        return program;
    }
}
