using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>What an external client did: its exit code and everything it printed.</summary>
public sealed record ClientResult(string Command, int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>A readable account for assertion messages, so that a failure shows what the client saw.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"$ {Command}");
        text.AppendLine(TimedOut ? "(killed: timed out)" : $"(exit code {ExitCode})");
        text.AppendLine("--- stdout ---");
        text.AppendLine(Stdout);
        text.AppendLine("--- stderr ---");
        text.AppendLine(Stderr);
        return text.ToString();
    }
}
