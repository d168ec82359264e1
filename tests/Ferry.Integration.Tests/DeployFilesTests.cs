using System.Text.RegularExpressions;
using Ferry.Testing;

namespace Ferry.Integration.Tests;

/// <summary>
/// The files in deploy/ that docs/operations.md installs: the systemd unit, its sample ferry.json and
/// the container build. Each must agree with what ferry does: paths, user, ports, shutdown timing.
/// </summary>
public sealed partial class DeployFilesTests
{
    private readonly ITestOutputHelper _output;

    public DeployFilesTests(ITestOutputHelper output) => _output = output;

    private static string Deploy(string name) => Path.Combine(Repository.Root, "deploy", name);

    [Fact]
    public void The_systemd_unit_runs_as_its_own_user_in_its_state_folder_with_only_the_port_capability()
    {
        var unit = UnitFile.Read(Deploy("ferry.service"));

        Assert.Equal("notify", unit.Single("Service", "Type"));
        Assert.Equal("ferry", unit.Single("Service", "User"));
        Assert.Equal("ferry", unit.Single("Service", "StateDirectory"));
        // StateDirectory=ferry is /var/lib/ferry: the working folder and the sample's data folder must be that one.
        Assert.Equal("/var/lib/ferry", unit.Single("Service", "WorkingDirectory"));
        Assert.Equal("/var/lib/ferry", SampleConfiguration().GetProperty("DataDirectory").GetString());
        // A single-file binary (linux-arm64) unpacks SQLite where it may write: the unit's cache folder.
        Assert.Equal("ferry", unit.Single("Service", "CacheDirectory"));
        Assert.Contains("DOTNET_BUNDLE_EXTRACT_BASE_DIR=/var/cache/ferry", unit.All("Service", "Environment"));
        Assert.Equal("CAP_NET_BIND_SERVICE", unit.Single("Service", "AmbientCapabilities"));
        Assert.Equal("CAP_NET_BIND_SERVICE", unit.Single("Service", "CapabilityBoundingSet"));
        Assert.Equal("strict", unit.Single("Service", "ProtectSystem"));
        Assert.Equal("yes", unit.Single("Service", "NoNewPrivileges"));
        // A single file's JIT writes code it then runs: W^X would kill it at start (the linux-x64 native binary has no JIT).
        Assert.Empty(unit.All("Service", "MemoryDenyWriteExecute"));
        Assert.Equal("/usr/local/bin/ferry serve --config /etc/ferry/ferry.json", unit.Single("Service", "ExecStart"));
        // systemctl reload: SIGHUP, which ferry takes as "read the configuration again" (ReloadTests).
        Assert.Equal("/bin/kill -HUP $MAINPID", unit.Single("Service", "ExecReload"));
    }

    [Fact]
    public void The_systemd_unit_waits_longer_than_the_shutdown_grace_of_its_sample_configuration()
    {
        var unit = UnitFile.Read(Deploy("ferry.service"));
        var grace = SampleConfiguration().GetProperty("Shutdown").GetProperty("GraceSeconds").GetInt32();

        // systemd kills at TimeoutStopSec; the transfers' grace must end before that.
        Assert.True(int.Parse(unit.Single("Service", "TimeoutStopSec")) > grace, $"TimeoutStopSec must exceed Shutdown:GraceSeconds ({grace})");
    }

    [SkippableFact]
    public async Task Systemd_analyze_verify_finds_nothing_to_say_about_the_unit()
    {
        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        Skip.If(analyze is null, "systemd-analyze is not installed");

        // verify also checks that ExecStart's program exists; stand an existing one in for /usr/local/bin/ferry.
        var copy = Path.Combine(Path.GetTempPath(), $"ferry-verify-{Guid.NewGuid():N}.service");
        File.WriteAllText(copy, File.ReadAllText(Deploy("ferry.service")).Replace("/usr/local/bin/ferry", "/bin/true", StringComparison.Ordinal));
        try
        {
            var result = await new ClientRunner(_output).RunAsync(analyze, ["verify", copy]);
            // verify exits 0 even for unknown keys and bad values; it reports them on its output.
            Assert.True(result.Succeeded, result.Describe());
            Assert.Equal("", (result.Stdout + result.Stderr).Trim());
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public async Task The_sample_configuration_starts_a_server()
    {
        // The ports are the test's own (flags override the file's 21 and 990); every other key is the sample's.
        await using var server = await FerryServer.StartAsync(_output, new FerryServerOptions
        {
            ExtraArguments = ["--config", Deploy("ferry.json")],
            ImplicitTls = true,
        });

        Assert.False(server.HasExited);
        Assert.Contains("FTPS: Explicit", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_container_runs_as_a_user_with_its_data_in_the_volume_and_publishes_every_port_it_serves()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "deploy", "Dockerfile"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        string Last(string instruction) => lines.Last(l => l.StartsWith(instruction + " ", StringComparison.Ordinal))[(instruction.Length + 1)..];

        Assert.NotEqual("root", Last("USER"));
        Assert.Equal("/data", Last("VOLUME"));
        Assert.Contains("FERRY__DATADIRECTORY=/data", string.Join(' ', lines));
        var exposed = Last("EXPOSE").Split(' ');
        var command = Last("CMD");
        var passive = PassiveRange().Match(command);
        Assert.True(passive.Success, $"CMD sets no passive range: {command}");
        Assert.Contains(passive.Groups[1].Value, exposed);
        Assert.Contains(ImplicitPort().Match(command).Groups[1].Value, exposed);
        // FTP and WebDAV's defaults.
        Assert.Contains("2121", exposed);
        Assert.Contains("8080", exposed);
        Assert.Contains("8443", exposed);
        Assert.StartsWith("[\"/usr/local/bin/ferry\", \"serve\"", Last("ENTRYPOINT"), StringComparison.Ordinal);
    }

    private static System.Text.Json.JsonElement SampleConfiguration() =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Deploy("ferry.json"))).RootElement;

    [GeneratedRegex("\"--passive-ports\", \"([0-9]+-[0-9]+)\"")]
    private static partial Regex PassiveRange();

    [GeneratedRegex("\"--implicit-port\", \"([0-9]+)\"")]
    private static partial Regex ImplicitPort();

    /// <summary>A systemd unit file read as sections of key=value lines (a key may repeat).</summary>
    private sealed record UnitFile(IReadOnlyList<(string Section, string Key, string Value)> Entries)
    {
        public static UnitFile Read(string path)
        {
            var entries = new List<(string, string, string)>();
            var section = "";
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
                {
                    continue;
                }

                if (line.StartsWith('['))
                {
                    section = line.Trim('[', ']');
                    continue;
                }

                var equals = line.IndexOf('=');
                entries.Add((section, line[..equals].Trim(), line[(equals + 1)..].Trim()));
            }

            return new UnitFile(entries);
        }

        public IReadOnlyList<string> All(string section, string key) =>
            Entries.Where(e => e.Section == section && e.Key == key).Select(e => e.Value).ToArray();

        public string Single(string section, string key) => Assert.Single(All(section, key));
    }
}
