using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;
using Ferry.Testing;

namespace Ferry.Integration.Tests;

/// <summary>
/// What the publish profiles promise (src/Ferry/Properties/PublishProfiles/ReadyToRun.props): Ferry's
/// assemblies precompiled (ReadyToRun) and TieredPGO off in the published build, while the plain build
/// ("dotnet build", "dotnet run") keeps TieredPGO on and precompiles nothing. The two belong together:
/// PGO off without ReadyToRun costs small files, ReadyToRun with PGO on costs the fresh crowd
/// (docs/performance.md). And the runtime options Ferry.csproj sets for every build.
/// </summary>
[Collection(PublishCollection.Name)]
public sealed class PublishedBuildTests
{
    /// <summary>A publish on a busy 2-core machine restores packs and precompiles in Release: minutes, not seconds.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(6);

    /// <summary>Ferry's own assemblies, each of which must be precompiled in the published build.</summary>
    private static readonly string[] FerryAssemblies =
        ["ferry.dll", "Ferry.Core.dll", "Ferry.Ftp.dll", "Ferry.WebDav.dll", "Ferry.Storage.Local.dll", "Ferry.Accounts.Sql.dll"];

    private readonly ClientRunner _runner;

    public PublishedBuildTests(ITestOutputHelper output)
    {
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task The_framework_profile_publishes_precompiled_assemblies_with_TieredPGO_off()
    {
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ferry-r2r-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            var publish = await _runner.RunAsync(FerryProgram.Dotnet,
                ["publish", Path.Combine(Repository.Root, "src", "Ferry", "Ferry.csproj"), "-p:PublishProfile=framework", "-o", work, "-nologo"],
                timeout: PublishTimeout);
            Assert.True(publish.Succeeded, publish.Describe());

            Assert.False(TieredPgo(Path.Combine(work, "ferry.runtimeconfig.json")));
            foreach (var assembly in FerryAssemblies)
            {
                Assert.True(IsReadyToRun(Path.Combine(work, assembly)), $"{assembly} is not precompiled");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void The_plain_build_keeps_TieredPGO_on_and_is_not_precompiled()
    {
        // The build next to the test assembly is the plain one the project reference made.
        var folder = Path.GetDirectoryName(FerryProgram.Dll)!;
        Assert.True(TieredPgo(Path.Combine(folder, "ferry.runtimeconfig.json")));
        foreach (var assembly in FerryAssemblies)
        {
            Assert.False(IsReadyToRun(Path.Combine(folder, assembly)), $"{assembly} is precompiled");
        }
    }

    [Fact]
    public void The_pools_idle_workers_block_without_spinning()
    {
        // Ferry.csproj's runtime option, written into the runtimeconfig.json of every build (and into the native one).
        var folder = Path.GetDirectoryName(FerryProgram.Dll)!;
        var options = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "ferry.runtimeconfig.json")))!["runtimeOptions"]!["configProperties"];
        Assert.Equal(0, options?["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
    }

    [Theory]
    [InlineData("-p:PublishReadyToRun=true", "false")]
    [InlineData("-p:PublishReadyToRun=false", "true")]
    [InlineData("-p:PublishProfile=framework", "false")]
    public async Task TieredPGO_is_off_exactly_when_Ferry_is_precompiled(string setting, string expected)
    {
        // Evaluation only (no build): what a hand-typed publish without a profile would write into ferry.runtimeconfig.json.
        var evaluate = await _runner.RunAsync(FerryProgram.Dotnet,
            ["msbuild", Path.Combine(Repository.Root, "src", "Ferry", "Ferry.csproj"), "-getProperty:TieredPGO", setting, "-nologo"],
            timeout: PublishTimeout);
        Assert.True(evaluate.Succeeded, evaluate.Describe());
        Assert.Equal(expected, evaluate.Stdout.Trim(), ignoreCase: true);
    }

    /// <summary>The value of System.Runtime.TieredPGO in a runtimeconfig.json (the runtime's default, on, when absent).</summary>
    private static bool TieredPgo(string runtimeConfig)
    {
        var options = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!["configProperties"];
        return options?["System.Runtime.TieredPGO"]?.GetValue<bool>() ?? true;
    }

    /// <summary>A ReadyToRun image carries a managed native header (the precompiled code's directory) in its CLI header.</summary>
    private static bool IsReadyToRun(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}
