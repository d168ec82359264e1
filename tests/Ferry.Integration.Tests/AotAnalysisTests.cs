using System.Text.Json.Nodes;
using Ferry.Testing;

namespace Ferry.Integration.Tests;

/// <summary>
/// Ferry ships as a native AOT binary, so every project under src/ is built with the trim, AOT and
/// single-file analyzers and the configuration binding generator in every build (src/Directory.Build.props):
/// a plain "dotnet build" then fails on what would break the published binary. Evaluation only, no build.
/// </summary>
public sealed class AotAnalysisTests
{
    /// <summary>An evaluation on a busy 2-core machine still loads the SDK: seconds, bounded generously.</summary>
    private static readonly TimeSpan EvaluateTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] Properties =
        ["EnableTrimAnalyzer", "EnableAotAnalyzer", "EnableSingleFileAnalyzer", "EnableConfigurationBindingGenerator"];

    private readonly ClientRunner _runner;

    public AotAnalysisTests(ITestOutputHelper output)
    {
        _runner = new ClientRunner(output);
    }

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (var project in Directory.GetFiles(Path.Combine(Repository.Root, "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repository.Root, project));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public async Task Every_source_project_builds_with_the_AOT_analyzers_and_the_binding_generator(string project)
    {
        var evaluate = await _runner.RunAsync(FerryProgram.Dotnet,
            ["msbuild", Path.Combine(Repository.Root, project), .. Properties.Select(p => "-getProperty:" + p), "-p:Configuration=Release", "-nologo"],
            timeout: EvaluateTimeout);

        Assert.True(evaluate.Succeeded, evaluate.Describe());
        var values = JsonNode.Parse(evaluate.Stdout)!["Properties"]!;
        Assert.All(Properties, p => Assert.True(string.Equals("true", values[p]?.GetValue<string>(), StringComparison.OrdinalIgnoreCase), $"{project}: {p} is '{values[p]}'"));
    }
}
