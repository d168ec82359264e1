using System.Globalization;

namespace Ferry.Integration.Tests;

/// <summary>rclone with an on-the-fly `:ftp:` remote: no config file, the password obscured and passed through the environment.</summary>
internal sealed class RcloneSession
{
    /// <summary>A healthy loopback exchange answers in milliseconds; these bound a hang without making the test wait for it.</summary>
    private const string ConnectTimeout = "5s";

    private const string IdleTimeout = "10s";

    private readonly ClientRunner _runner;
    private readonly FerryServer _server;
    private readonly string _program;
    private readonly string[] _extraFlags;
    private readonly Dictionary<string, string> _environment;

    private RcloneSession(ClientRunner runner, FerryServer server, string program, string obscuredPassword, string[] extraFlags)
    {
        _runner = runner;
        _server = server;
        _program = program;
        _extraFlags = extraFlags;
        _environment = new Dictionary<string, string>
        {
            // rclone takes FTP passwords only obscured; through the environment it stays off the command line.
            ["RCLONE_FTP_PASS"] = obscuredPassword,
            // lsl prints local times.
            ["TZ"] = "UTC",
        };
    }

    /// <param name="extraFlags">Backend flags for every command, e.g. the FTPS ones.</param>
    public static async Task<RcloneSession> StartAsync(ClientRunner runner, FerryServer server, params string[] extraFlags)
    {
        var program = ClientTools.Require("rclone");
        // "-" reads the password from standard input, so that it never appears in a command line.
        var obscure = await runner.RunAsync(program, ["obscure", "-"], standardInput: server.Password + "\n", workingDirectory: server.ClientDir);
        Assert.True(obscure.Succeeded, obscure.Describe());
        return new RcloneSession(runner, server, program, obscure.Stdout.Trim(), extraFlags);
    }

    public Task<ClientResult> RunAsync(params string[] arguments)
    {
        string[] common =
        [
            // No user config: every setting comes from the flags below.
            "--config", "/dev/null",
            "--ftp-host", _server.Host,
            "--ftp-port", _server.Port.ToString(CultureInfo.InvariantCulture),
            "--ftp-user", _server.User,
            "--contimeout", ConnectTimeout,
            "--timeout", IdleTimeout,
            // Fail on the first error instead of rclone's default 3 retries of 10 low-level attempts.
            "--retries", "1",
            "--low-level-retries", "1",
            .. _extraFlags,
        ];
        return _runner.RunAsync(_program, [.. arguments, .. common], workingDirectory: _server.ClientDir, environment: _environment);
    }
}
