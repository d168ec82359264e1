using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// A real `ferry serve` process on loopback with its own temporary root and data folders, one user
/// (alice, random password) and its own ports. Dispose kills the process tree and writes what the
/// server printed into the test's output, which xunit shows when the test fails.
/// </summary>
public sealed partial class FerryServer : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int SigHup = 1;

    /// <summary>A cold .NET start on a busy 2-core machine takes seconds; 30 s says "it will not come up".</summary>
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _output;
    private readonly ServerLog _log = new();
    private readonly string _baseDir;
    private readonly FerryServerOptions _options;
    private readonly SecretWatch _secrets;
    private Process? _process;

    private FerryServer(ITestOutputHelper output, FerryServerOptions options)
    {
        _output = output;
        _options = options;
        _baseDir = Path.Combine(Path.GetTempPath(), "ferry-it-" + Guid.NewGuid().ToString("N")[..12]);
        if (options.FolderFlags)
        {
            RootDir = Directory.CreateDirectory(Path.Combine(_baseDir, "root")).FullName;
            DataDir = Directory.CreateDirectory(Path.Combine(_baseDir, "data")).FullName;
            WorkingDir = DataDir;
        }
        else
        {
            // Ferry's defaults, relative to an empty working folder: the server creates them.
            WorkingDir = Directory.CreateDirectory(Path.Combine(_baseDir, "work")).FullName;
            DataDir = Path.Combine(WorkingDir, "ferry-data");
            RootDir = Path.Combine(DataDir, "files");
        }
        ClientDir = Directory.CreateDirectory(Path.Combine(_baseDir, "client")).FullName;
        // Hex only, so that it can stand in a URL and a client script without escaping.
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        Ports = PortAllocator.Shared.Allocate();
        _secrets = new SecretWatch(Password);
    }

    public string Host => "127.0.0.1";

    public int Port => Ports.ControlPort;

    public string User => "alice";

    public string Password { get; }

    /// <summary>The folder the server serves as "/".</summary>
    public string RootDir { get; }

    /// <summary>The server's own state (accounts, logs); never served.</summary>
    public string DataDir { get; }

    /// <summary>Scratch space for the client side of a test, outside the served root.</summary>
    public string ClientDir { get; }

    /// <summary>The server process's working folder.</summary>
    public string WorkingDir { get; }

    /// <summary>Everything the server printed so far (stderr lines start with [stderr]).</summary>
    public string Output => _log.Text();

    /// <summary>
    /// True once the server printed <paramref name="text"/>; false when it has not within <paramref name="timeout"/>.
    /// The console logger writes from a queue, so a line may follow the reply it explains.
    /// </summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    public bool HasExited => _process?.HasExited ?? throw new InvalidOperationException("the server was never started");

    public PortBlock Ports { get; private set; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the server is not running");

    /// <summary>ftp://host:port/path without credentials (clients get them separately, so that they never show in a URL log).</summary>
    public string Url(string path = "") => $"ftp://{Host}:{Port}/{path.TrimStart('/')}";

    /// <summary>The implicit FTPS port, when started with <see cref="FerryServerOptions.ImplicitTls"/>.</summary>
    public int ImplicitPort => _options.ImplicitTls ? Ports.PassiveHigh : throw new InvalidOperationException("started without implicit TLS");

    /// <summary>WebDAV over plain HTTP: the block's second-last port (every test server serves it, as `ferry serve` does).</summary>
    public int WebDavPort => Ports.PassiveHigh - 1;

    /// <summary>WebDAV over HTTPS: the block's third-last port.</summary>
    public int WebDavsPort => Ports.PassiveHigh - 2;

    /// <summary>The admin endpoint (HTTP on loopback): the block's fourth-last port.</summary>
    public int AdminPort => Ports.PassiveHigh - 3;

    /// <summary>The environment that points `ferry status` and the other admin commands at this server's admin port.</summary>
    public IReadOnlyDictionary<string, string> AdminEnvironment => new Dictionary<string, string> { ["FERRY__Admin__Port"] = AdminPort.ToString() };

    /// <summary>The URL of a path over WebDAV (HTTP, or HTTPS with <paramref name="tls"/>); the path is used as given (escape it yourself).</summary>
    public string DavUrl(string path = "", bool tls = false) =>
        tls ? $"https://{Host}:{WebDavsPort}/{path.TrimStart('/')}" : $"http://{Host}:{WebDavPort}/{path.TrimStart('/')}";

    /// <summary>ftps://host:implicit-port/path: implicit TLS.</summary>
    public string ImplicitUrl(string path = "") => $"ftps://{Host}:{ImplicitPort}/{path.TrimStart('/')}";

    public string Ipv6Url(string path = "") => $"ftp://[::1]:{Port}/{path.TrimStart('/')}";

    public string Credentials => $"{User}:{Password}";

    public static async Task<FerryServer> StartAsync(ITestOutputHelper output, FerryServerOptions? options = null)
    {
        var server = Create(output, options);
        try
        {
            await server.LaunchAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Folders and ports, but no process yet: for tests that prepare the folders (accounts, files) first. Then <see cref="LaunchAsync"/>.</summary>
    public static FerryServer Create(ITestOutputHelper output, FerryServerOptions? options = null) =>
        new(output, options ?? FerryServerOptions.Default);

    /// <summary>SIGTERM, as systemd or Ctrl+C stop it: the server shuts down gracefully.</summary>
    public void Terminate()
    {
        var process = _process ?? throw new InvalidOperationException("the server is not running");
        _log.Add("=== SIGTERM ===");
        // dotnet runs ferry.dll in its own process (and a published binary is the process), so the signal reaches the server itself.
        if (Kill(process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGHUP, as `systemctl reload` sends it: the server reloads its configuration.</summary>
    public void HangUp() => Signal(SigHup, "SIGHUP");

    /// <summary>Sends <paramref name="signal"/> (a Linux signal number) to the server.</summary>
    public void Signal(int signal, string name)
    {
        var process = _process ?? throw new InvalidOperationException("the server is not running");
        _log.Add($"=== {name} ===");
        if (Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {name}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The exit code, or a TimeoutException when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("the server was never started");
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"ferry did not exit within {timeout.TotalSeconds} s");
        }
        return process.ExitCode;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>SIGKILL, as a crash or power cut would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            _log.Add("=== killed (SIGKILL) ===");
        }
    }

    /// <summary>Starts the server again on the same root and data folders (on fresh ports, so that lingering sockets of the old process cannot interfere).</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _process = null;
        Ports = PortAllocator.Shared.Allocate();
        _log.Add("=== restart ===");
        await LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process?.Dispose();
        _output.WriteLine($"--- ferry output (control port {Port}, passive {Ports.PassiveLow}-{Ports.PassiveHigh}) ---");
        _output.WriteLine(_log.Text());
        var leak = CheckLogsForSecrets();
        try
        {
            Directory.Delete(_baseDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is not a test failure.
        }
        catch (UnauthorizedAccessException)
        {
        }
        if (leak is not null)
        {
            throw new InvalidOperationException($"A secret reached a log of this server: {leak}");
        }
    }

    /// <summary>
    /// The retained console lines again (secrets learned after start were not yet known when the first
    /// lines arrived) and every log file the server wrote; the harness's own lines ($ commands, === marks) are not the server's.
    /// </summary>
    private string? CheckLogsForSecrets()
    {
        foreach (var line in _log.Text().Split('\n'))
        {
            if (!line.StartsWith("$ ", StringComparison.Ordinal) && !line.StartsWith("=== ", StringComparison.Ordinal))
            {
                _secrets.Check("console", line);
            }
        }
        _secrets.CheckFiles(Path.Combine(DataDir, "logs"));
        return _secrets.FirstLeak;
    }

    /// <summary>Starts the process and waits for its 220 greeting.</summary>
    public async Task LaunchAsync()
    {
        var start = CreateStartInfo();
        _log.Add("$ " + start.FileName + " " + string.Join(' ', start.ArgumentList).Replace(Password, "***", StringComparison.Ordinal));
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Received("console", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Received("stderr", "[stderr] " + e.Data); };
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start ferry");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitForGreetingAsync(process);
        // Secrets the server made at its first start: from now on every line is checked for them too.
        _secrets.Add(ReadIfPresent(Path.Combine(DataDir, "admin.token")));
        _secrets.Add(ReadIfPresent(Path.Combine(DataDir, "initial-password.txt"))?.Split('\n')
            .FirstOrDefault(l => l.StartsWith("password: ", StringComparison.Ordinal))?["password: ".Length..]);
    }

    private void Received(string source, string line)
    {
        _log.Add(line);
        _secrets.Check(source, line);
    }

    private static string? ReadIfPresent(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    private ProcessStartInfo CreateStartInfo()
    {
        var (program, leading) = FerryProgram.Command(_options.Executable);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDir,
        };
        string[] arguments =
        [
            .. leading,
            "serve",
            .. _options.FolderFlags ? new[] { "--root", RootDir, "--data", DataDir } : [],
            .. _options.UserFlag ? new[] { "--user", $"{User}:{Password}" } : [],
            "--ftp-port", Port.ToString(),
            // The block's last four ports are implicit FTPS, WebDAV's two and the admin endpoint; the rest is the passive range.
            .. _options.PassivePortsFlag ? new[] { "--passive-ports", $"{Ports.PassiveLow}-{Ports.PassiveHigh - 4}" } : [],
            .. _options.ImplicitTls ? new[] { "--implicit-port", Ports.PassiveHigh.ToString() } : [],
            "--webdav-port", WebDavPort.ToString(),
            "--webdavs-port", WebDavsPort.ToString(),
            // Loopback only: tests never open a port to the network.
            "--listen", "127.0.0.1",
            .. _options.ExtraArguments,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (Loopback.HasIpv6)
        {
            start.ArgumentList.Add("--listen");
            start.ArgumentList.Add("::1");
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // Every server its own admin port: the default (2122) would be shared by servers running side by side.
        start.Environment["FERRY__Admin__Port"] = AdminPort.ToString();
        foreach (var (name, value) in _options.Environment)
        {
            start.Environment[name] = value;
            _log.Add($"$ export {name}={value}");
        }
        return start;
    }

    private async Task WaitForGreetingAsync(Process process)
    {
        var deadline = DateTime.UtcNow + StartupTimeout;
        string lastProblem = "no attempt";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                // HasExited turns true before the output readers reach the end of the pipes; WaitForExitAsync also
                // waits for that end, so the refusal the process printed is in Output when the caller looks.
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"ferry exited with code {process.ExitCode} before it greeted; its output follows in the test output.");
            }
            try
            {
                var greeting = await ReadGreetingAsync();
                if (greeting.StartsWith("220", StringComparison.Ordinal))
                {
                    return;
                }
                throw new InvalidOperationException($"ferry greeted with '{greeting}' instead of 220.");
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                lastProblem = e.Message;
                await Task.Delay(150);
            }
        }
        throw new TimeoutException($"ferry did not greet on {Host}:{Port} within {StartupTimeout.TotalSeconds} s (last: {lastProblem}); its output follows in the test output.");
    }

    private async Task<string> ReadGreetingAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var client = new TcpClient();
        await client.ConnectAsync(Host, Port, timeout.Token);
        var stream = client.GetStream();
        var line = new StringBuilder();
        var buffer = new byte[512];
        // A greeting line longer than 4096 bytes is not a greeting.
        while (line.Length < 4096 && !line.ToString().Contains('\n'))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }
            line.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        try
        {
            await stream.WriteAsync("QUIT\r\n"u8.ToArray(), timeout.Token);
        }
        catch (IOException)
        {
            // The greeting is what we came for.
        }
        return line.ToString().Split('\n')[0].TrimEnd('\r');
    }
}
