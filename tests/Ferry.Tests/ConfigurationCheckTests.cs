using Ferry.Cli;
using Ferry.Configuration;

namespace Ferry.Tests;

/// <summary>
/// The mistakes the production review made, each with the exact message an administrator reads.
/// Loads read FERRY__ variables process-wide, hence the collection.
/// </summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class ConfigurationCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string json)
    {
        var file = _dir.File("ferry.json");
        File.WriteAllText(file, json);
        return file;
    }

    private static IReadOnlyList<string> Problems(params string[] args)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationCheck.Load(FromArgs(args)));
        return [.. error.Problems.Select(p => p.ToString())];
    }

    [Fact]
    public void Misspelled_section_is_refused_with_its_line_and_the_key_it_resembles()
    {
        var file = Write("""
            {
              "Tsl": { "Mode": "Required" }
            }
            """);

        Assert.Equal([$"{file}:2:3: unknown key 'Tsl'; did you mean 'Tls'?"], Problems("--config", file));
    }

    [Fact]
    public void Misspelled_nested_key_is_refused_with_its_line()
    {
        var file = Write("""
            {
              "Ftp": {
                "Port": 2121,
                "PasivePorts": "30000-30010"
              }
            }
            """);

        Assert.Equal([$"{file}:4:5: unknown key 'Ftp:PasivePorts'; did you mean 'Ftp:PassivePorts'?"], Problems("--config", file));
    }

    [Fact]
    public void Unknown_key_with_no_near_miss_lists_the_known_keys()
    {
        var file = Write("""{ "Shutdown": { "Whenever": 1 } }""");

        Assert.Equal([$"{file}:1:17: unknown key 'Shutdown:Whenever'; known keys in Shutdown: GraceSeconds."], Problems("--config", file));
    }

    [Fact]
    public void Unknown_key_inside_an_account_is_refused()
    {
        var file = Write("""
            {
              "Accounts": [
                { "Name": "alice", "PasswordHash": "$h" },
                { "Name": "bob", "PasswordHash": "$h", "Hme": "bob" }
              ]
            }
            """);

        Assert.Equal([$"{file}:4:44: unknown key 'Accounts:1:Hme'; did you mean 'Accounts:1:Home'?"], Problems("--config", file));
    }

    [Fact]
    public void Logging_categories_folder_paths_and_the_other_sections_are_known()
    {
        var file = Write("""
            {
              "Logging": { "Level": "Debug", "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" },
                           "Console": { "FormatterName": "json" } },
              "Accounts": [ { "Name": "alice", "PasswordHash": "$h", "Folders": { "/incoming": "list,write" } } ],
              "Bans": { "NeverBan": [ "10.0.0.0/8" ] },
              "Logs": { "Directory": "logs", "W3C": { "Enabled": true } },
              "Admin": { "Port": 9090, "Listen": "127.0.0.1" }
            }
            """);

        var settings = ConfigurationCheck.Load(FromArgs(["--config", file]));

        Assert.Single(settings.Accounts);
    }

    [Fact]
    public void A_list_given_as_one_value_is_refused_rather_than_ignored()
    {
        var file = Write("""{ "Ftp": { "Listen": "127.0.0.1" } }""");

        Assert.Equal([$"{file}:1:12: 'Ftp:Listen' is a list: write [ \"127.0.0.1\" ], not a single value."], Problems("--config", file));
    }

    [Fact]
    public void Environment_variable_is_named_as_the_source()
    {
        ConfigurationLoaderTests.WithPortVariable("abc", () =>
            Assert.Equal(["environment variable FERRY__FTP__PORT: Ftp:Port must be a whole number from 1 to 65535, not 'abc'."], Problems()));
    }

    [Fact]
    public void Bad_admin_values_fail_the_check_as_they_would_fail_serve()
    {
        var file = Write("""
            {
              "Admin": { "Port": "abc", "Listen": [ "localhost" ] }
            }
            """);

        Assert.Equal(
            [$"{file}:2:14: Admin:Port must be a port from 1 to 65535, or 0 for none, not 'abc'.", $"{file}:2:41: Admin:Listen: 'localhost' is not an IP address."],
            Problems("--config", file));
    }

    [Fact]
    public void A_bad_listen_address_is_named_where_it_stands_in_the_list()
    {
        var file = Write("""
            {
              "Ftp": { "Listen": [ "127.0.0.1", "bogus" ] }
            }
            """);

        Assert.Equal([$"{file}:2:37: Ftp:Listen: 'bogus' is not an IP address."], Problems("--config", file));
    }

    [Fact]
    public void Flag_is_named_as_the_source()
    {
        Assert.Equal(["flag --ftp-port: Ftp:Port must be a whole number from 1 to 65535, not '99999'."], Problems("--ftp-port", "99999"));
    }

    [Fact]
    public void Malformed_json_gives_the_file_line_and_column()
    {
        var file = Write("""
            {
              "Ftp": { "Port": 2121 }
              "Tls": { }
            }
            """);

        var problem = Assert.Single(Problems("--config", file));

        Assert.StartsWith($"{file}:3:3: invalid JSON: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mistake_is_reported_at_once_each_with_its_source()
    {
        var file = Write("""
            {
              "Tsl": { "Mode": "Required" },
              "Ftp": { "PassivePorts": "80-90" },
              "WebDav": { "HttpPort": "x" }
            }
            """);

        Assert.Equal(
            [
                $"{file}:2:3: unknown key 'Tsl'; did you mean 'Tls'?",
                $"{file}:3:12: Ftp:PassivePorts must be a range LOW-HIGH of ports 1024-65535, not '80-90'.",
                "flag --implicit-port: Tls:ImplicitPort must be a port from 1 to 65535, or 0 for none, not 'y'.",
                $"{file}:4:15: WebDav:HttpPort must be a port from 1 to 65535, or 0 for none, not 'x'.",
            ],
            Problems("--config", file, "--implicit-port", "y"));
    }

    [Fact]
    public void Every_problem_of_one_account_is_reported()
    {
        var file = Write("""{ "Accounts": [ { "Name": "a/b", "Permissions": "fly" } ] }""");

        var problems = Problems("--config", file);

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("Accounts:0:Name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("PasswordHash is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Accounts:0:Permissions", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_root_is_refused_with_the_path_named()
    {
        var root = _dir.File("no-such-root");

        Assert.Equal(
            [$"flag --root: Storage:Root: the folder '{root}' does not exist; create it, or start with --create-missing (Storage:CreateMissing: true) to let Ferry create it."],
            Problems("--root", root, "--data", _dir.File("data")));
    }

    [Fact]
    public void Missing_home_and_anonymous_folder_are_refused()
    {
        var file = Write($$"""
            {
              "Storage": { "Root": "{{_dir.Path}}" },
              "Accounts": [ { "Name": "alice", "PasswordHash": "$h", "Home": "alice" } ]
            }
            """);
        var anonymous = _dir.File("pub");

        var problems = Problems("--config", file, "--anonymous", anonymous, "--data", _dir.File("data"));

        Assert.Equal(
            [
                $"flag --anonymous: Security:AnonymousHome: the folder '{anonymous}' does not exist; create it, or start with --create-missing (Storage:CreateMissing: true) to let Ferry create it.",
                $"{file}:3:58: Accounts:0:Home: the folder '{_dir.File("alice")}' does not exist; create it, or start with --create-missing (Storage:CreateMissing: true) to let Ferry create it.",
            ],
            problems);
    }

    [Fact]
    public void Data_folder_under_a_missing_parent_is_refused_but_a_missing_data_folder_is_fine()
    {
        var parent = _dir.File("missing");

        Assert.Single(Problems("--data", Path.Combine(parent, "data")));
        var settings = ConfigurationCheck.Load(FromArgs(["--data", _dir.File("data")]));
        Assert.Equal(Path.Combine(_dir.File("data"), "files"), settings.Root);
    }

    [Fact]
    public void Create_missing_lets_missing_folders_through_and_creates_nothing_itself()
    {
        var root = _dir.File("later");

        var settings = ConfigurationCheck.Load(FromArgs(["--root", root, "--create-missing", "--data", _dir.File("x/y")]));

        Assert.True(settings.CreateMissing);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Create_missing_is_also_a_setting()
    {
        var file = Write("""{ "Storage": { "Root": "/no/such/folder", "CreateMissing": true } }""");

        Assert.True(ConfigurationCheck.Load(FromArgs(["--config", file])).CreateMissing);
    }

    [Fact]
    public void Tls_files_that_cannot_be_read_are_refused_before_the_server_starts()
    {
        var cert = _dir.File("cert.pem");

        Assert.Equal(
            [$"flag --tls-cert: Tls:CertificateFile: the file '{cert}' does not exist."],
            Problems("--tls-cert", cert, "--data", _dir.File("data")));
    }

    [Theory]
    [InlineData("Tsl", "Tls", 1)]
    [InlineData("PasivePorts", "PassivePorts", 1)]
    [InlineData("Port", "Port", 0)]
    [InlineData("abc", "xyz", 3)]
    [InlineData("", "Tls", 3)]
    public void Distance_counts_a_transposition_as_one_edit(string a, string b, int expected)
    {
        Assert.Equal(expected, UnknownKeys.Distance(a, b));
    }

    /// <summary>The configuration "--flag value" arguments give, as the command line hands them to the loader (--config names the file; a switch takes no value).</summary>
    private static Microsoft.Extensions.Configuration.IConfigurationRoot FromArgs(IReadOnlyList<string> args)
    {
        string? file = null;
        var flags = new List<(string Flag, string Value)>();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i].TrimStart('-');
            var value = ConfigurationLoader.SwitchFlags.Contains(flag) ? "true" : args[++i];
            if (flag == "config")
            {
                file = value;
            }
            else
            {
                flags.Add((flag, value));
            }
        }

        return ConfigurationLoader.Load(file, flags.ToLookup(f => f.Flag, f => f.Value, StringComparer.Ordinal));
    }
}
