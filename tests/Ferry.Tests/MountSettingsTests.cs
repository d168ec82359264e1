using Ferry.Configuration;
using Ferry.Core.Paths;
using Microsoft.Extensions.Configuration;

namespace Ferry.Tests;

/// <summary>Storage:Mounts, Sites:N:Mounts and Accounts[]:Mounts: read, refused with their keys, checked on disk.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class MountSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string json)
    {
        var file = _dir.File("ferry.json");
        File.WriteAllText(file, json);
        return file;
    }

    private static IConfigurationRoot Load(string file) =>
        ConfigurationLoader.Load(file, Array.Empty<(string, string)>().ToLookup(f => f.Item1, f => f.Item2, StringComparer.Ordinal));

    private static IReadOnlyList<string> Problems(string file) =>
        [.. Assert.Throws<ConfigurationException>(() => ConfigurationCheck.Load(Load(file))).Problems.Select(p => p.ToString())];

    [Fact]
    public void Mounts_of_the_root_a_site_and_an_account_are_read_with_full_folders()
    {
        var reports = Directory.CreateDirectory(_dir.File("reports")).FullName;
        var site = Directory.CreateDirectory(_dir.File("site")).FullName;
        var file = Write($$"""
            {
              "DataDirectory": "{{_dir.File("data")}}",
              "Storage": { "Root": "{{_dir.Path}}", "Mounts": [ { "Path": "/reports", "Folder": "{{reports}}/" } ] },
              "Accounts": [ { "Name": "alice", "PasswordHash": "$h", "Home": "site", "Mounts": [ { "Path": "shared/reports", "Folder": "{{reports}}" } ] } ],
              "Sites": [ { "Name": "ftp.example.com", "Root": "{{site}}", "Mounts": [ { "Path": "/r", "Folder": "{{reports}}" } ] } ]
            }
            """);

        var settings = ConfigurationCheck.Load(Load(file));

        Assert.Equal([new(VfsPath.Parse("/reports"), reports)], settings.Mounts);
        Assert.Equal([new(VfsPath.Parse("/shared/reports"), reports)], settings.Accounts[0].Mounts.AsEnumerable());
        Assert.Equal([new(VfsPath.Parse("/r"), reports)], settings.Sites[0].Mounts);
    }

    [Fact]
    public void Each_mistake_in_a_mount_is_refused_with_its_line()
    {
        var reports = Directory.CreateDirectory(_dir.File("reports")).FullName;
        var file = Write($$"""
            {
              "DataDirectory": "{{_dir.File("data")}}",
              "Storage": { "Root": "{{_dir.Path}}", "Mounts": [
                { "Path": "/", "Folder": "{{reports}}" },
                { "Path": "/a/../..", "Folder": "{{reports}}" },
                { "Path": "/r", "Folder": "relative/folder" },
                { "Folder": "{{reports}}" },
                { "Path": "/s", "Folder": "{{reports}}" },
                { "Path": "s/", "Folder": "{{reports}}" },
                { "Path": "/t", "Folder": "{{reports}}", "Writable": true }
              ] }
            }
            """);

        var problems = Problems(file);

        Assert.Equal(6, problems.Count);
        Assert.Contains($"{file}:4:7: Storage:Mounts:0:Path: a folder cannot be mounted at the root; give the path it appears at, such as /reports (to serve another folder as the root, set Root).", problems);
        Assert.Contains($"{file}:5:7: Storage:Mounts:1:Path: '/a/../..' is not a folder path such as /reports (no '..', drive letters or control characters).", problems);
        Assert.Contains($"{file}:6:21: Storage:Mounts:2:Folder: 'relative/folder' is not an absolute path; write the folder's full path, such as /srv/reports or D:\\Reports.", problems);
        Assert.Contains(problems, p => p.Contains("Storage:Mounts:3: Path is required", StringComparison.Ordinal));
        Assert.Contains($"{file}:9:7: Storage:Mounts:5:Path: /s is mounted already by Storage:Mounts:4; one folder per mount point.", problems);
        Assert.Contains(problems, p => p.Contains("unknown key 'Storage:Mounts:6:Writable'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_mounted_folder_is_refused_unless_create_missing()
    {
        var missing = _dir.File("no-such-folder");
        var json = $$"""
            {
              "DataDirectory": "{{_dir.File("data")}}",
              "Storage": { "Root": "{{_dir.Path}}", "CreateMissing": false, "Mounts": [ { "Path": "/r", "Folder": "{{missing}}" } ] },
              "Accounts": [ { "Name": "alice", "PasswordHash": "$h", "Home": "", "Mounts": [ { "Path": "/a", "Folder": "{{missing}}" } ] } ]
            }
            """;
        var file = Write(json);

        Assert.Equal(
            [
                $"{file}:3:102: Storage:Mounts:0:Folder: the folder '{missing}' does not exist; create it, or start with --create-missing (Storage:CreateMissing: true) to let Ferry create it.",
                $"{file}:4:98: Accounts:0:Mounts:0:Folder: the folder '{missing}' does not exist; create it, or start with --create-missing (Storage:CreateMissing: true) to let Ferry create it.",
            ],
            Problems(file));
        Write(json.Replace("\"CreateMissing\": false", "\"CreateMissing\": true", StringComparison.Ordinal));
        Assert.Single(ConfigurationCheck.Load(Load(file)).Mounts);
    }
}
