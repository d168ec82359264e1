using System.Diagnostics;

namespace Ferry.Integration.Tests;

/// <summary>Runs an external program with a hard time limit and collects what it printed.</summary>
public sealed class ClientRunner
{
    /// <summary>Every client call is bounded: a hung transfer must fail the test, not the whole run.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(45);

    private readonly ITestOutputHelper _output;

    public ClientRunner(ITestOutputHelper output)
    {
        _output = output;
    }

    public async Task<ClientResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string? standardInput = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Clients must not pick up a user's ~/.netrc, proxies or a language that changes their messages.
        start.Environment["LC_ALL"] = "C";
        start.Environment["HOME"] = workingDirectory ?? Path.GetTempPath();
        foreach (var proxy in new[] { "ftp_proxy", "FTP_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY" })
        {
            start.Environment.Remove(proxy);
        }
        // Variables only the child sees (never printed: they may carry a password).
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var command = program + " " + string.Join(' ', start.ArgumentList.Select(Quote));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The client exited before reading its input; its output says why.
        }

        var timedOut = false;
        using (var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        var result = new ClientResult(command, timedOut ? -1 : process.ExitCode, await stdout, await stderr, timedOut);
        _output.WriteLine(result.Describe());
        return result;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=@,+[]".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";
}
