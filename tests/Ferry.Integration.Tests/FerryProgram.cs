namespace Ferry.Integration.Tests;

/// <summary>How to run the ferry built next to the test assembly: the dotnet host and the ferry.dll it loads.</summary>
public static class FerryProgram
{
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
}
