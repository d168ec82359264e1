namespace Ferry.Integration.Tests;

/// <summary>
/// How to run ferry: the ferry.dll built next to the test assembly under the dotnet host, or, when
/// FERRY_TEST_EXECUTABLE names one, a published ferry binary (a native AOT publish, for example), so
/// that the whole suite can run against what ships.
/// </summary>
public static class FerryProgram
{
    /// <summary>The environment variable that names a published ferry binary for every server and command the suite starts.</summary>
    public const string ExecutableVariable = "FERRY_TEST_EXECUTABLE";

    /// <summary>The SDK tells child processes which dotnet runs them; fall back to the one on PATH.</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet";

    public static string Dll
    {
        get
        {
            var ferryDll = Path.Combine(AppContext.BaseDirectory, "ferry.dll");
            if (!File.Exists(ferryDll))
            {
                throw new FileNotFoundException("ferry.dll is not next to the test assembly; build tests/Ferry.Integration.Tests", ferryDll);
            }
            return ferryDll;
        }
    }

    /// <summary>The binary FERRY_TEST_EXECUTABLE names (made absolute: servers run in folders of their own), or null.</summary>
    public static string? Executable => ExecutableFrom(Environment.GetEnvironmentVariable(ExecutableVariable));

    /// <summary>
    /// The file to start and the arguments before ferry's own: <paramref name="executable"/> when a test
    /// names one, else the FERRY_TEST_EXECUTABLE binary, else `dotnet ferry.dll`.
    /// </summary>
    public static (string FileName, string[] Leading) Command(string? executable = null) =>
        (executable ?? Executable) is { } binary ? (binary, []) : (Dotnet, [Dll]);

    /// <summary>A set variable must name a file: a typo would otherwise run the suite against nothing, or fail every test obscurely.</summary>
    public static string? ExecutableFrom(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var path = Path.GetFullPath(value);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{ExecutableVariable} names '{value}', which is not a file", path);
    }
}
