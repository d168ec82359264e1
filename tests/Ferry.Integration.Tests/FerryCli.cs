namespace Ferry.Integration.Tests;

/// <summary>Runs one-shot ferry commands (`ferry account ...`) the way an administrator would, bounded like every client.</summary>
public sealed class FerryCli
{
    private readonly ClientRunner _runner;

    public FerryCli(ITestOutputHelper output)
    {
        _runner = new ClientRunner(output);
    }

    public Task<ClientResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var (program, leading) = FerryProgram.Command();
        return _runner.RunAsync(program, [.. leading, .. arguments], workingDirectory: workingDirectory, environment: environment);
    }

    /// <summary>As an administrator's pipe: `printf '%s\n' "$PW" | ferry ...`.</summary>
    public Task<ClientResult> RunWithInputAsync(string workingDirectory, string standardInput, params string[] arguments)
    {
        var (program, leading) = FerryProgram.Command();
        return _runner.RunAsync(program, [.. leading, .. arguments], standardInput: standardInput, workingDirectory: workingDirectory);
    }
}
