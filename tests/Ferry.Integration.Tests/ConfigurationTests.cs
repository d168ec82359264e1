namespace Ferry.Integration.Tests;

/// <summary>
/// Configuration mistakes against the real `ferry` process: each is refused at start with exit 2,
/// one line per problem naming where it was made, and nothing is created before the check passes.
/// </summary>
public sealed class ConfigurationTests : IDisposable
{
    private const string Prefix = "ferry: configuration error: ";
    private const string Remedy = "create it, or start with --create-missing (Storage:CreateMissing: true) to let Ferry create it.";

    private readonly ITestOutputHelper _output;
    private readonly FerryCli _ferry;
    private readonly string _work = Directory.CreateTempSubdirectory("ferry-it-config-").FullName;

    public ConfigurationTests(ITestOutputHelper output)
    {
        _output = output;
        _ferry = new FerryCli(output);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string DataDir => Path.Combine(_work, "ferry-data");

    private void WriteConfig(string json) => File.WriteAllText(Path.Combine(_work, "ferry.json"), json);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private void AssertNothingCreated()
    {
        Assert.False(Directory.Exists(DataDir), "the data folder was created although the configuration was refused");
        Assert.Equal(["ferry.json"], Directory.GetFileSystemEntries(_work).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Misspelled_tls_section_refuses_to_start_naming_the_line_and_the_right_key()
    {
        WriteConfig("""
            {
              "Tsl": { "Mode": "Required" }
            }
            """);

        var result = await _ferry.RunAsync(_work, null, "serve");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{Prefix}ferry.json:2:3: unknown key 'Tsl'; did you mean 'Tls'?"], Lines(result.Stderr));
        AssertNothingCreated();
    }

    [Fact]
    public async Task Every_mistake_is_reported_at_once_with_file_environment_variable_and_flag()
    {
        WriteConfig("""
            {
              "Ftp": {
                "PasivePorts": "30000-30010"
              }
            }
            """);

        var result = await _ferry.RunAsync(_work, new Dictionary<string, string> { ["FERRY__FTP__PORT"] = "abc" }, "serve", "--webdavs-port", "99999");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                $"{Prefix}ferry.json:3:5: unknown key 'Ftp:PasivePorts'; did you mean 'Ftp:PassivePorts'?",
                $"{Prefix}environment variable FERRY__FTP__PORT: Ftp:Port must be a whole number from 1 to 65535, not 'abc'.",
                $"{Prefix}flag --webdavs-port: WebDav:HttpsPort must be a port from 1 to 65535, or 0 for none, not '99999'.",
            ],
            Lines(result.Stderr));
        AssertNothingCreated();
    }

    [Fact]
    public async Task Out_of_range_flag_is_named_as_the_flag()
    {
        var result = await _ferry.RunAsync(_work, null, "serve", "--ftp-port", "99999");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{Prefix}flag --ftp-port: Ftp:Port must be a whole number from 1 to 65535, not '99999'."], Lines(result.Stderr));
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Malformed_json_gives_its_line_and_column()
    {
        WriteConfig("""
            {
              "Ftp": { "Port": 2121 }
              "Tls": { "Mode": "Required" }
            }
            """);

        var result = await _ferry.RunAsync(_work, null, "serve");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.StartsWith($"{Prefix}ferry.json:3:3: invalid JSON: ", line, StringComparison.Ordinal);
        AssertNothingCreated();
    }

    [Fact]
    public async Task Missing_root_is_refused_and_nothing_is_created_not_even_the_first_account()
    {
        var root = Path.Combine(_work, "share");
        WriteConfig($$"""
            {
              "Storage": { "Root": "{{root}}" }
            }
            """);

        var result = await _ferry.RunAsync(_work, null, "serve");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{Prefix}ferry.json:2:16: Storage:Root: the folder '{root}' does not exist; {Remedy}"], Lines(result.Stderr));
        Assert.False(Directory.Exists(root));
        AssertNothingCreated();
    }

    [Fact]
    public async Task Missing_account_home_is_refused_after_no_account_was_created()
    {
        Directory.CreateDirectory(DataDir);
        var home = Path.Combine(_work, "homes", "alice");
        WriteConfig($$"""
            {
              "Accounts": [ { "Name": "alice", "PasswordHash": "$pbkdf2-sha256$600000$c2FsdA$aGFzaA", "Home": "{{home}}" } ]
            }
            """);

        var result = await _ferry.RunAsync(_work, null, "serve", "--ftp-port", "70000");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                $"{Prefix}flag --ftp-port: Ftp:Port must be a whole number from 1 to 65535, not '70000'.",
                $"{Prefix}ferry.json:2:91: Accounts:0:Home: the folder '{home}' does not exist; {Remedy}",
            ],
            Lines(result.Stderr));
        Assert.Empty(Directory.GetFileSystemEntries(DataDir));
        Assert.False(Directory.Exists(Path.Combine(_work, "homes")));
    }

    [Fact]
    public async Task Create_missing_makes_a_configured_root_and_serves_it()
    {
        var root = Path.Combine(_work, "made", "by", "ferry");
        await using var server = await FerryServer.StartAsync(_output, new() { FolderFlags = false, ExtraArguments = ["--root", root, "--create-missing"] });

        Assert.True(Directory.Exists(root), "--create-missing did not create the root");
    }

    [Fact]
    public async Task Config_check_says_ok_or_lists_every_problem()
    {
        var good = await _ferry.RunAsync(_work, null, "config", "check");
        Assert.True(good.Succeeded, good.Describe());
        Assert.Equal("configuration OK", good.Stdout.Trim());

        var custom = Path.Combine(_work, "other.json");
        File.WriteAllText(custom, """{ "Tsl": {}, "WebDav": { "Prefx": "/dav" } }""");
        var bad = await _ferry.RunAsync(_work, null, "config", "check", custom);

        Assert.Equal(2, bad.ExitCode);
        Assert.Equal(
            [
                "error: other.json:1:3: unknown key 'Tsl'; did you mean 'Tls'?",
                "error: other.json:1:26: unknown key 'WebDav:Prefx'; did you mean 'WebDav:Prefix'?",
            ],
            Lines(bad.Stdout));
        Assert.False(Directory.Exists(DataDir), "config check created the data folder");
    }

    [Fact]
    public async Task Config_print_shows_sources_and_masks_the_password_hash()
    {
        const string hash = "$pbkdf2-sha256$600000$c2FsdA$aGFzaA";
        WriteConfig($$"""
            {
              "Ftp": { "Port": 2200 },
              "Accounts": [ { "Name": "alice", "PasswordHash": "{{hash}}" } ]
            }
            """);

        var result = await _ferry.RunAsync(_work, new Dictionary<string, string> { ["FERRY__FTP__PASSIVEPORTS"] = "30000-30099" }, "config", "print", "--webdav-port", "0");

        Assert.True(result.Succeeded, result.Describe());
        var lines = Lines(result.Stdout);
        Assert.Contains("Ftp:Port = 2200  # ferry.json:2:12", lines);
        Assert.Contains("Ftp:PassivePorts = 30000-30099  # environment variable FERRY__FTP__PASSIVEPORTS", lines);
        Assert.Contains("WebDav:HttpPort = 0  # flag --webdav-port", lines);
        Assert.Contains("Tls:Mode = Explicit  # default", lines);
        Assert.Contains("Accounts:0:PasswordHash = ********  # ferry.json:3:36", lines);
        Assert.DoesNotContain("aGFzaA", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDir), "config print created the data folder");
    }
}
