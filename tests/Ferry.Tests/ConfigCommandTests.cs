using Ferry.Configuration;

namespace Ferry.Tests;

/// <summary>`ferry config check` and `ferry config print`, through their plain methods. Loads read FERRY__ variables, hence the collection.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class ConfigCommandTests : IDisposable
{
    private static readonly ILookup<string, string> NoFlags = Array.Empty<(string, string)>().ToLookup(f => f.Item1, f => f.Item2);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ILookup<string, string> Flags(params (string Flag, string Value)[] flags) => flags.ToLookup(f => f.Flag, f => f.Value, StringComparer.Ordinal);

    [Fact]
    public void Check_says_ok_for_a_good_file()
    {
        var file = _dir.File("ferry.json");
        File.WriteAllText(file, $$"""{ "Ftp": { "Port": 2200 }, "DataDirectory": "{{_dir.File("data")}}" }""");
        var output = new StringWriter();

        Assert.Equal(0, ConfigCommand.Check(file, NoFlags, output));
        Assert.Equal("configuration OK" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void Check_lists_every_problem_and_exits_2()
    {
        var file = _dir.File("ferry.json");
        File.WriteAllText(file, """{ "Tsl": {}, "Ftp": { "Port": 0 } }""");
        var output = new StringWriter();

        Assert.Equal(2, ConfigCommand.Check(file, NoFlags, output));
        Assert.Equal(
            $"error: {file}:1:3: unknown key 'Tsl'; did you mean 'Tls'?{Environment.NewLine}error: {file}:1:23: Ftp:Port must be a whole number from 1 to 65535, not '0'.{Environment.NewLine}",
            output.ToString());
    }

    [Fact]
    public void Print_shows_each_value_with_its_source_and_masks_secrets()
    {
        var file = _dir.File("ferry.json");
        File.WriteAllText(file, $$"""
            {
              "DataDirectory": "{{_dir.File("data")}}",
              "Accounts": [ { "Name": "alice", "PasswordHash": "$pbkdf2-sha256$600000$c2FsdA$aGFzaA" } ],
              "Tls": { "CertificatePassword": "hunter2" }
            }
            """);
        var output = new StringWriter();

        var exit = ConfigCommand.Print(file, Flags(("ftp-port", "2200")), output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"Accounts:0:Name = alice  # {file}:3:19", lines);
        Assert.Contains($"Accounts:0:PasswordHash = {ConfigCommand.Mask}  # {file}:3:36", lines);
        Assert.Contains($"Tls:CertificatePassword = {ConfigCommand.Mask}  # {file}:4:12", lines);
        Assert.Contains("Ftp:Port = 2200  # flag --ftp-port", lines);
        Assert.Contains("Ftp:PassivePorts = 20000-21999  # default", lines);
        Assert.DoesNotContain("hunter2", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("aGFzaA", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void Print_names_the_environment_variable()
    {
        ConfigurationLoaderTests.WithPortVariable("2300", () =>
        {
            var output = new StringWriter();
            ConfigCommand.Print(null, Flags(("data", _dir.File("data"))), output);
            Assert.Contains("Ftp:Port = 2300  # environment variable FERRY__FTP__PORT", output.ToString(), StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("Accounts:3:PasswordHash", "$x", true)]
    [InlineData("Tls:CertificatePassword", "secret", true)]
    [InlineData("Tls:CertificatePassword", "env:PFX_PASSWORD", false)]
    [InlineData("Admin:Token", "abc", true)]
    [InlineData("Tls:KeyFile", "/etc/ferry/key.pem", false)]
    [InlineData("Ftp:Port", "21", false)]
    public void Shown_masks_secrets_but_not_where_a_password_is_read_from(string key, string value, bool masked)
    {
        Assert.Equal(masked ? ConfigCommand.Mask : value, ConfigCommand.Shown(key, value));
    }
}
