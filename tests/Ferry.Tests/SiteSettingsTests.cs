using Ferry.Configuration;

namespace Ferry.Tests;

/// <summary>
/// The Sites section: what it reads, and each mistake refused with its key and file line before
/// anything is created. Loads read FERRY__ variables process-wide, hence the collection.
/// </summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class SiteSettingsTests : IDisposable
{
    private const string Hash = "$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Without_Sites_there_are_none()
    {
        var settings = ConfigurationCheck.Load(Load("""{ "DataDirectory": "DATA" }"""));
        Assert.Empty(settings.Sites);
    }

    [Fact]
    public void A_site_is_read_with_its_names_root_banner_accounts_and_certificate()
    {
        var root = Folder("example");
        var settings = ConfigurationCheck.Load(Load($$"""
            {
              "DataDirectory": "DATA",
              "Tls": { "CertificateFile": "{{_dir.File("server.pem")}}" },
              "Sites": [
                {
                  "Name": "FTP.Example.com.",
                  "Aliases": [ "www.example.com" ],
                  "Root": "{{root}}",
                  "Banner": "Example's files",
                  "Greeting": "Hello %UserName%",
                  "ExitMessage": "Bye",
                  "InheritAccounts": true,
                  "Accounts": [ { "Name": "alice", "PasswordHash": "{{Hash}}", "Permissions": "read,list" } ],
                  "Tls": { "CertificateFile": "{{_dir.File("site.pem")}}", "KeyFile": "{{_dir.File("site.key")}}" }
                }
              ]
            }
            """, files: ["server.pem", "site.pem", "site.key"]));

        var site = Assert.Single(settings.Sites);
        Assert.Equal(("FTP.Example.com", "www.example.com", root, "Example's files", true), (site.Name, Assert.Single(site.Aliases), site.Root, site.Banner, site.InheritAccounts));
        Assert.Equal(("Hello %UserName%", "Bye"), (site.Greeting, site.ExitMessage));
        Assert.Equal("alice", Assert.Single(site.Accounts).Name);
        Assert.Equal((_dir.File("site.pem"), _dir.File("site.key")), (site.Tls?.CertificateFile, site.Tls?.KeyFile));
    }

    [Fact]
    public void Every_mistake_is_reported_with_its_key_and_line()
    {
        var root = Folder("a");
        var file = Write($$"""
            {
              "DataDirectory": "DATA",
              "Tls": { "Mode": "Disabled" },
              "Sites": [
                { "Name": "a.example.com", "Root": "{{root}}" },
                { "Name": "A.example.com", "Root": "{{root}}" },
                { "Name": "bad name", "Root": "{{root}}" },
                { "Name": "c.example.com", "Aliases": [ "192.0.2.1" ] },
                { "Name": "d.example.com", "Root": "{{_dir.File("missing")}}", "Tls": { "CertificateFile": "x.pem" } },
                { "Name": "e.example.com", "Root": "{{root}}", "Acounts": [] }
              ]
            }
            """);

        var problems = Problems(file);
        Assert.Contains($"{file}:6:7: Sites:1:Name: the host name 'A.example.com' is already Sites:0:Name; each host name chooses one site.", problems);
        Assert.Contains(problems, p => p.StartsWith($"{file}:7:7: Sites:2:Name: 'bad name' is not a host name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{file}:8:45: Sites:3:Aliases:0: '192.0.2.1' is not a host name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Sites:3: Root is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Sites:4:Tls: a site's certificate needs TLS, and Tls:Mode is Disabled.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unknown key 'Sites:5:Acounts'; did you mean 'Sites:5:Accounts'?", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_root_is_refused_unless_create_missing()
    {
        var missing = _dir.File("missing");
        var json = $$"""{ "DataDirectory": "DATA", "Sites": [ { "Name": "a.example.com", "Root": "{{missing}}" } ] }""";
        var file = Write(json);
        Assert.Contains(Problems(file), p => p.Contains($"Sites:0:Root: the folder '{missing}' of site a.example.com does not exist", StringComparison.Ordinal));

        var settings = ConfigurationCheck.Load(Load(json.Replace("\"DataDirectory\"", "\"Storage\": { \"CreateMissing\": true }, \"DataDirectory\"", StringComparison.Ordinal)));
        Assert.Single(settings.Sites);
    }

    [Fact]
    public void An_account_listed_twice_in_a_site_is_refused()
    {
        var root = Folder("a");
        var file = Write($$"""
            { "DataDirectory": "DATA", "Sites": [ { "Name": "a.example.com", "Root": "{{root}}", "Accounts": [
              { "Name": "bob", "PasswordHash": "{{Hash}}" }, { "Name": "BOB", "PasswordHash": "{{Hash}}" } ] } ] }
            """);
        Assert.Contains(Problems(file), p => p.Contains("Sites:0:Accounts: the account 'bob' is listed 2 times.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_keys_are_known_to_config_print()
    {
        var sites = Assert.IsType<ListKey>(KnownKeys.Root.Keys["Sites"]);
        var site = Assert.IsType<SectionKey>(sites.Item);
        Assert.Equal(["Accounts", "Aliases", "AnonymousHome", "Banner", "ExitMessage", "Filtering", "Greeting", "InheritAccounts", "Mounts", "Name", "Root", "Tls"], site.Keys.Keys.Order(StringComparer.Ordinal));
    }

    private string Folder(string name) => Directory.CreateDirectory(_dir.File(name)).FullName;

    private string Write(string json)
    {
        var file = _dir.File("ferry.json");
        File.WriteAllText(file, json.Replace("\"DATA\"", $"\"{_dir.File("data")}\"", StringComparison.Ordinal));
        return file;
    }

    private Microsoft.Extensions.Configuration.IConfigurationRoot Load(string json, string[]? files = null)
    {
        foreach (var name in files ?? [])
        {
            File.WriteAllText(_dir.File(name), "");
        }

        return ConfigurationLoader.Load(Write(json), Enumerable.Empty<(string, string)>().ToLookup(f => f.Item1, f => f.Item2, StringComparer.Ordinal));
    }

    private IReadOnlyList<string> Problems(string file)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationCheck.Load(ConfigurationLoader.Load(file, Enumerable.Empty<(string, string)>().ToLookup(f => f.Item1, f => f.Item2, StringComparer.Ordinal))));
        return [.. error.Problems.Select(p => p.ToString())];
    }
}
