using Ferry.Cli;
using Ferry.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ferry.Tests;

/// <summary>Sets FERRY__ environment variables, which every loader call reads process-wide.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class ConfigurationLoaderTests
{
    private const string PortVariable = "FERRY__FTP__PORT";

    private static IConfigurationRoot Load(params string[] args) => CommandLine.Parse(args).LoadConfiguration();

    [Fact]
    public void Quick_start_flags_set_their_keys()
    {
        var config = Load(
            "--root", "/srv/share",
            "--ftp-port", "2200",
            "--passive-ports", "30000-30010",
            "--public-address", "203.0.113.7",
            "--data", "/var/lib/ferry",
            "--anonymous", "/srv/pub",
            "--log-level", "Debug",
            "--tls", "Required",
            "--tls-cert", "/etc/ferry/cert.pem",
            "--tls-key", "/etc/ferry/key.pem",
            "--implicit-port", "990");

        Assert.Equal("/srv/share", config["Storage:Root"]);
        Assert.Equal("2200", config["Ftp:Port"]);
        Assert.Equal("30000-30010", config["Ftp:PassivePorts"]);
        Assert.Equal("203.0.113.7", config["Ftp:PublicAddress"]);
        Assert.Equal("/var/lib/ferry", config["DataDirectory"]);
        Assert.Equal("/srv/pub", config["Security:AnonymousHome"]);
        Assert.Equal("Debug", config["Logging:Level"]);
        Assert.Equal("Required", config["Tls:Mode"]);
        Assert.Equal("/etc/ferry/cert.pem", config["Tls:CertificateFile"]);
        Assert.Equal("/etc/ferry/key.pem", config["Tls:KeyFile"]);
        Assert.Equal("990", config["Tls:ImplicitPort"]);
    }

    [Fact]
    public void Environment_variable_sets_a_key()
    {
        WithPortVariable("2300", () => Assert.Equal("2300", Load()["Ftp:Port"]));
    }

    [Fact]
    public void Flag_overrides_the_environment_variable()
    {
        WithPortVariable("2300", () => Assert.Equal("2200", Load("--ftp-port", "2200")["Ftp:Port"]));
    }

    [Fact]
    public void Environment_variable_overrides_the_file()
    {
        using var dir = new TempDirectory();
        var file = dir.File("ferry.json");
        File.WriteAllText(file, """{ "Ftp": { "Port": 2400 } }""");

        WithPortVariable("2300", () => Assert.Equal("2300", Load("--config", file)["Ftp:Port"]));
    }

    [Fact]
    public void Repeated_listen_flags_become_an_indexed_list()
    {
        var config = Load("--listen", "127.0.0.1", "--listen", "::1");

        Assert.Equal("127.0.0.1", config["Ftp:Listen:0"]);
        Assert.Equal("::1", config["Ftp:Listen:1"]);
        Assert.Null(config["Ftp:Listen:2"]);
        Assert.Equal(["127.0.0.1", "::1"], FerrySettings.Load(config).ListenAddresses.Select(a => a.ToString()));
    }

    [Fact]
    public void Missing_config_file_is_a_usage_error_naming_it()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("nope.json");

        var error = Assert.Throws<UsageException>(() => Load("--config", missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_file_given_with_config_is_read()
    {
        using var dir = new TempDirectory();
        var file = dir.File("custom.json");
        File.WriteAllText(file, """
            {
              "Ftp": { "Port": 2500, "Listen": [ "127.0.0.1" ] },
              "Accounts": [ { "Name": "alice", "PasswordHash": "$h", "Folders": { "/incoming": "list,write" } } ]
            }
            """);

        var settings = FerrySettings.Load(Load("--config", file));

        Assert.Equal(2500, settings.FtpPort);
        Assert.Equal("127.0.0.1", Assert.Single(settings.ListenAddresses).ToString());
        var account = Assert.Single(settings.Accounts);
        Assert.Equal("alice", account.Name);
        Assert.Single(account.FolderPermissions);
    }

    [Fact]
    public void Malformed_json_file_is_a_configuration_error_naming_it()
    {
        using var dir = new TempDirectory();
        var file = dir.File("broken.json");
        File.WriteAllText(file, """{ "Ftp": { "Port": """);

        var error = Assert.Throws<ConfigurationException>(() => Load("--config", file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flag_overrides_the_file()
    {
        using var dir = new TempDirectory();
        var file = dir.File("custom.json");
        File.WriteAllText(file, """{ "Ftp": { "Port": 2500, "PassivePorts": "40000-40010" } }""");

        var config = Load("--config", file, "--ftp-port", "2600");

        Assert.Equal("2600", config["Ftp:Port"]);
        Assert.Equal("40000-40010", config["Ftp:PassivePorts"]);
    }

    [Fact]
    public void Flags_lists_every_flag_serve_accepts()
    {
        Assert.Equal(
            ["anonymous", "config", "data", "ftp-port", "implicit-port", "listen", "log-level", "passive-ports", "public-address", "root", "tls", "tls-cert", "tls-key", "user", "webdav-port", "webdavs-port"],
            ConfigurationLoader.Flags.Order(StringComparer.Ordinal));
    }

    private static void WithPortVariable(string value, Action test)
    {
        var earlier = Environment.GetEnvironmentVariable(PortVariable);
        Environment.SetEnvironmentVariable(PortVariable, value);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(PortVariable, earlier);
        }
    }
}
