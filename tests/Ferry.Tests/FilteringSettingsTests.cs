using Ferry.Configuration;
using Ferry.Core.Files;

namespace Ferry.Tests;

/// <summary>
/// The Filtering section, the server's and a site's: what it reads, and each mistake refused with
/// its key and file line. Loads read FERRY__ variables process-wide, hence the collection.
/// </summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class FilteringSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Without_a_Filtering_section_nothing_is_filtered()
    {
        var settings = FerrySettings.Load(Configs.From());

        Assert.Equal(RequestFilter.None, settings.Filtering);
        Assert.True(settings.Filtering.IsEmpty);
    }

    [Fact]
    public void The_section_is_read_with_extensions_normalised_and_a_size_in_units()
    {
        var settings = ConfigurationCheck.Load(Load("""
            {
              "DataDirectory": "DATA",
              "Filtering": {
                "HiddenSegments": [ "_vti_cnf", " private " ],
                "DenyExtensions": [ ".exe", "BAT", ".Exe", ".tar.gz" ],
                "AllowExtensions": ".txt",
                "MaxFileBytes": "10MB"
              }
            }
            """));

        Assert.Equal(["_vti_cnf", "private"], settings.Filtering.HiddenSegments.ToArray());
        Assert.Equal([".exe", ".bat", ".tar.gz"], settings.Filtering.DenyExtensions.ToArray());
        Assert.Equal([".txt"], settings.Filtering.AllowExtensions.ToArray());
        Assert.Equal(10_000_000, settings.Filtering.MaxFileBytes);
    }

    [Fact]
    public void Every_mistake_is_reported_with_its_key_and_line()
    {
        var file = Write("""
            {
              "DataDirectory": "DATA",
              "Filtering": {
                "HiddenSegments": [ "", "a/b", ".." ],
                "DenyExtensions": [ ".a..b", "" ],
                "AllowExtensions": [ "x/y" ],
                "MaxFileBytes": "0",
                "MaxFileSize": "1MB"
              }
            }
            """);

        var problems = Problems(file);

        Assert.Contains(problems, p => p.StartsWith($"{file}:4:25: Filtering:HiddenSegments:0: '' is not a file or folder name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}:4:29: Filtering:HiddenSegments:1: 'a/b' is not a file or folder name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}:4:36: Filtering:HiddenSegments:2: '..' is not a file or folder name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}:5:25: Filtering:DenyExtensions:0: '.a..b' is not a file extension", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}:5:34: Filtering:DenyExtensions:1: '' is not a file extension", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}:6:26: Filtering:AllowExtensions:0: 'x/y' is not a file extension", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}:7:", StringComparison.Ordinal)
            && p.EndsWith(": Filtering:MaxFileBytes must be a positive size, such as 104857600, 100MB or 100MiB, not '0'.", StringComparison.Ordinal));
        Assert.Contains($"{file}:8:5: unknown key 'Filtering:MaxFileSize'; known keys in Filtering: AllowExtensions, DenyExtensions, HiddenSegments, MaxFileBytes.", problems);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("10 parsecs")]
    [InlineData("1.5MB")]
    public void A_size_that_is_not_a_positive_size_is_refused(string size)
    {
        var error = Assert.Throws<ConfigurationException>(() => FerrySettings.Load(Configs.From(("Filtering:MaxFileBytes", size))));

        Assert.Equal("Filtering:MaxFileBytes", Assert.Single(error.Problems).Key);
    }

    [Fact]
    public void A_site_with_its_own_section_replaces_the_servers_and_one_without_follows_it()
    {
        var root = Directory.CreateDirectory(_dir.File("root")).FullName;
        var settings = ConfigurationCheck.Load(Load($$"""
            {
              "DataDirectory": "DATA",
              "Tls": { "Mode": "Disabled" },
              "Filtering": { "DenyExtensions": [ ".exe" ] },
              "Sites": [
                { "Name": "a.example.com", "Root": "{{root}}", "Filtering": { "HiddenSegments": [ "private" ], "MaxFileBytes": "1KiB" } },
                { "Name": "b.example.com", "Root": "{{root}}" },
                { "Name": "c.example.com", "Root": "{{root}}", "Filtering": { } }
              ]
            }
            """));

        Assert.Equal(new RequestFilter { HiddenSegments = ["private"], MaxFileBytes = 1024 }, settings.Sites[0].Filtering);
        Assert.Null(settings.Sites[1].Filtering);
        Assert.Equal(RequestFilter.None, settings.Sites[2].Filtering);
        Assert.Equal(new RequestFilter { DenyExtensions = [".exe"] }, settings.Filtering);
    }

    [Fact]
    public void A_sites_mistake_names_the_sites_key()
    {
        var root = Directory.CreateDirectory(_dir.File("root")).FullName;
        var file = Write($$"""
            {
              "DataDirectory": "DATA",
              "Tls": { "Mode": "Disabled" },
              "Sites": [ { "Name": "a.example.com", "Root": "{{root}}", "Filtering": { "MaxFileBytes": "lots" } } ]
            }
            """);

        Assert.Contains(Problems(file), p => p.Contains("Sites:0:Filtering:MaxFileBytes must be a positive size", StringComparison.Ordinal));
    }

    private string Write(string json)
    {
        var file = _dir.File("ferry.json");
        File.WriteAllText(file, json.Replace("\"DATA\"", $"\"{_dir.File("data")}\"", StringComparison.Ordinal));
        return file;
    }

    private Microsoft.Extensions.Configuration.IConfigurationRoot Load(string json) =>
        ConfigurationLoader.Load(Write(json), Enumerable.Empty<(string, string)>().ToLookup(f => f.Item1, f => f.Item2, StringComparer.Ordinal));

    private static IReadOnlyList<string> Problems(string file)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationCheck.Load(ConfigurationLoader.Load(file, Enumerable.Empty<(string, string)>().ToLookup(f => f.Item1, f => f.Item2, StringComparer.Ordinal))));
        return [.. error.Problems.Select(p => p.ToString())];
    }
}
