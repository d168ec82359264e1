using System.Runtime.CompilerServices;
using Ferry.Import.Iis;
using Microsoft.Extensions.Configuration;

namespace Ferry.Tests.Import;

/// <summary>
/// Each sample applicationHost.config under IisSamples/ (written from IIS's documented schema) gives
/// exactly the ferry.json and report beside it. Run with FERRY_UPDATE_IIS_SAMPLES=1 to rewrite the
/// expected files after a deliberate change, then read the diff.
/// </summary>
public sealed partial class IisImportSampleTests
{
    public static TheoryData<string> Samples =>
    [
        "none-ssl-allow",
        "start-in-users-directory",
        "isolate-root-directory-only",
        "isolate-all-directories",
        "host-sites",
        "unmappable",
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_gives_the_expected_configuration_and_report(string name)
    {
        var result = IisImport.Run(IisXml.Load(Path.Join(Folder(), name + ".config")), Options(name));

        Check(name + ".ferry.json", result.Config.ToJson());
        Check(name + ".report.md", result.Report.Render());
    }

    /// <summary>
    /// Every key the import writes is one Ferry knows (a misspelt key would stop `ferry serve`), and
    /// its request filtering reads without a problem; other values (Windows folders, placeholder
    /// certificates) are the administrator's to adjust.
    /// </summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_key_written_is_a_key_ferry_knows(string name)
    {
        var json = IisImport.Run(IisXml.Load(Path.Join(Folder(), name + ".config")), Options(name)).Config.ToJson();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();

        var unknown = Ferry.Configuration.UnknownKeys.In(configuration, Ferry.Configuration.KnownKeys.Root).Select(p => p.Key);

        Assert.Empty(unknown);
        var problems = new Ferry.Configuration.ConfigurationProblems();
        Ferry.Configuration.FilteringSettings.Read(configuration, problems);
        foreach (var site in configuration.GetSection("Sites").GetChildren())
        {
            Ferry.Configuration.FilteringSettings.Read(site, problems);
        }

        Assert.Empty(problems.All);
    }

    /// <summary>Fixed output paths, so the expected files do not depend on where the test runs.</summary>
    public static IisImportOptions Options(string name, string? site = null, bool generate = false) =>
        new(name + ".config", site, "/srv/ferry/ferry-data", "/srv/ferry", generate);

    public static string Folder([CallerFilePath] string file = "") => Path.Join(Path.GetDirectoryName(file)!, "IisSamples");

    private static void Check(string expectedName, string actual)
    {
        var path = Path.Join(Folder(), expectedName);
        if (Environment.GetEnvironmentVariable("FERRY_UPDATE_IIS_SAMPLES") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"{expectedName} is missing; run with FERRY_UPDATE_IIS_SAMPLES=1 to write it, then read it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
