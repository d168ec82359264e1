using System.Runtime.Versioning;

namespace Ferry.Integration.Tests;

/// <summary>
/// deploy/ferry.service says Type=notify: systemd waits for READY=1 before "systemctl start" returns
/// and expects STOPPING=1 on the way down. A stand-in service manager (python/systemd_notify.py,
/// run under the name "systemd") checks that ferry sends both, and READY=1 only once it serves.
/// </summary>
public sealed class SystemdNotifyTests
{
    private readonly ITestOutputHelper _output;

    public SystemdNotifyTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public async Task Under_systemd_ferry_reports_ready_once_it_serves_and_stopping_on_sigterm()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "systemd runs on Linux only");
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ferry-notify-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            // .NET takes its parent's process name, "systemd", as the sign that it runs as a service.
            var manager = Path.Combine(work, "systemd");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "python", "systemd_notify.py"), manager);
            File.WriteAllText(manager, $"#!{ClientTools.Require(ClientTools.Python)}\n" + File.ReadAllText(manager));
            File.SetUnixFileMode(manager, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var ports = PortAllocator.Shared.Allocate();
            var (program, leading) = FerryProgram.Command();
            var result = await new ClientRunner(_output).RunAsync(manager,
            [
                "--port", ports.ControlPort.ToString(), "--",
                program, .. leading, "serve",
                "--data", Directory.CreateDirectory(Path.Combine(work, "data")).FullName,
                "--ftp-port", ports.ControlPort.ToString(),
                "--passive-ports", $"{ports.PassiveLow}-{ports.PassiveHigh - 1}",
                "--webdav-port", "0", "--webdavs-port", "0",
                "--listen", "127.0.0.1",
            ], workingDirectory: work, timeout: TimeSpan.FromMinutes(3),
            // The admin endpoint's default port (2122) may be another server's: this one gets a port of its block.
            environment: new Dictionary<string, string> { ["FERRY__Admin__Port"] = ports.PassiveHigh.ToString() });

            Assert.True(result.Succeeded, result.Describe());
            Assert.Contains("FTP port greets after READY=1: 220", result.Stdout);
            Assert.Contains("STOPPING=1 received", result.Stdout);
            Assert.Contains("all checks passed", result.Stdout);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
