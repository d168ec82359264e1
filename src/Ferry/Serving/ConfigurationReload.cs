using System.Runtime.InteropServices;
using Ferry.Configuration;
using Ferry.Core.Access;
using Ferry.Core.Identity;

namespace Ferry.Serving;

/// <summary>
/// Reloads the configuration without a restart, on SIGHUP (`systemctl reload ferry`) or when the
/// configuration file changes. A new configuration is checked whole first; one with a mistake is
/// refused with its reasons and the running one stays. Then the accounts of the file change for new
/// logons and, where they can, for open sessions' next commands (see <see cref="FileAccountChanges"/>),
/// the Logging section takes effect, and any other change is named as needing a restart.
/// </summary>
public sealed class ConfigurationReload : IHostedService, IDisposable
{
    /// <summary>SIGUSR1's number on Linux (x86-64 and ARM64); .NET names only the portable signals.</summary>
    private const int LinuxSigUsr1 = 10;

    private readonly Func<IConfigurationRoot> _load;
    private readonly IConfigurationRoot _live;
    private readonly FileAccountChanges _accounts;
    private readonly CertificateReload? _certificate;
    private readonly Func<FerrySettings, Task<int>> _limits;
    private readonly string? _file;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _one = new(1, 1);
    private IConfigurationRoot _current;
    private PosixSignalRegistration? _hangUp;
    private PosixSignalRegistration? _user1;
    private FileChangePoll? _filePoll;
    private readonly IReadOnlyList<string> _certificateFiles;
    private FileChangePoll? _certificatePoll;

    /// <param name="load">Reads the configuration again from the same file, variables and flags.</param>
    /// <param name="live">The configuration the host's logging reads; reloaded once a new one is accepted.</param>
    /// <param name="file">The configuration file to watch; null when there is none to watch.</param>
    /// <param name="certificate">Reloads the TLS certificate; null when the server started without TLS.</param>
    /// <param name="limits">Applies the new connection limits, ban rules and address rules; returns how many sessions the address rules ended.</param>
    /// <param name="certificateFiles">
    /// The configured TLS certificate and key files: when one changes (a renewal written in place, or
    /// certbot's link moved to the new one), the configuration is reloaded as on SIGHUP, which reads
    /// the certificate again. Empty for a self-signed certificate.
    /// </param>
    public ConfigurationReload(Func<IConfigurationRoot> load, IConfigurationRoot live, FileAccountChanges accounts, CertificateReload? certificate, Func<FerrySettings, Task<int>> limits, string? file, ILogger logger, TimeProvider time, IReadOnlyList<string>? certificateFiles = null)
    {
        _certificateFiles = certificateFiles ?? [];
        _certificate = certificate;
        _limits = limits;
        _load = load;
        _live = live;
        _current = live;
        _accounts = accounts;
        _file = file;
        _logger = logger;
        _time = time;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // SIGHUP's default action ends the process; on Windows the same signal is a console closing, which must still stop it.
        if (!OperatingSystem.IsWindows())
        {
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _ = ReloadLoggedAsync("SIGHUP");
            });
        }

        // SIGUSR1 (10 on Linux) asks many servers to reopen their log files, and its default action
        // would end the process without a word. Ferry opens its log files for every write, so there
        // is nothing to reopen: say so and go on.
        if (OperatingSystem.IsLinux())
        {
            _user1 = PosixSignalRegistration.Create((PosixSignal)LinuxSigUsr1, context =>
            {
                context.Cancel = true;
                _logger.LogInformation("SIGUSR1 received: nothing to do (log files are reopened on every write; SIGHUP reloads the configuration)");
            });
        }

        if (_file is not null)
        {
            var name = Path.GetFileName(_file);
            _filePoll = new FileChangePoll([_file], () => _ = ReloadLoggedAsync($"{name} changed"), _time);
        }

        WatchCertificateFiles();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangUp?.Dispose();
        _hangUp = null;
        _user1?.Dispose();
        _user1 = null;
        _filePoll?.Dispose();
        _filePoll = null;
        _certificatePoll?.Dispose();
        _certificatePoll = null;
    }

    /// <summary>
    /// A renewed certificate is picked up without a SIGHUP: a change of a certificate or key file (the
    /// pair is written in turn, so the reload waits until both have stayed unchanged for a second; a
    /// pair read half-renewed fails to load and keeps the running certificate until the second write)
    /// reloads the configuration.
    /// </summary>
    private void WatchCertificateFiles()
    {
        if (_certificateFiles.Count == 0)
        {
            return;
        }

        _certificatePoll = new FileChangePoll(_certificateFiles, () => _ = ReloadLoggedAsync("TLS certificate file changed"), _time);
    }

    /// <summary>A reload nobody awaits (a signal, a file event): whatever goes wrong is logged, not lost.</summary>
    private async Task ReloadLoggedAsync(string why)
    {
        try
        {
            await ReloadAsync(why).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Configuration reload failed ({Why}); the running configuration stays as far as it was not yet changed", why);
        }
    }

    /// <summary>Reads, checks and applies the configuration; one reload at a time. False when it was refused.</summary>
    public async Task<bool> ReloadAsync(string why)
    {
        await _one.WaitAsync().ConfigureAwait(false);
        try
        {
            IConfigurationRoot next;
            FerrySettings settings;
            try
            {
                next = _load();
                // The same whole check as at start: unknown keys, values, paths, TLS files.
                settings = ConfigurationCheck.Load(next);
            }
            catch (ConfigurationException ex)
            {
                // Every problem on the one line, each with its source, as `ferry config check` lists them.
                _logger.LogError("Configuration not reloaded ({Why}): {Problems}. The running configuration stays.", why, string.Join("; ", ex.Problems));
                return false;
            }

            var applied = await _accounts.ApplyAsync(settings.Accounts).ConfigureAwait(false);
            var notAdmitted = await _limits(settings).ConfigureAwait(false);
            try
            {
                _certificate?.Apply(settings);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ConfigurationException)
            {
                // Checked a moment ago, but the file can change in between (a renewal being written).
                _logger.LogError("TLS certificate not replaced ({Why}): {Problem} New connections keep the running certificate.", why, ex.Message);
            }

            // Compared before the live configuration is reloaded: at the first reload it is also the one compared with.
            var needRestart = RestartKeys(_current, next);

            // The host's logging reads the live configuration; reloading it applies the Logging section.
            _live.Reload();
            _current = next;
            _logger.LogInformation("Configuration reloaded ({Why}): accounts {Added} added, {Changed} changed, {Removed} removed; {Ended} session(s) ended",
                why, applied.Added, applied.Changed, applied.Removed, applied.SessionsEnded + notAdmitted);
            if (needRestart.Count > 0)
            {
                _logger.LogWarning("Changed settings that take effect only after a restart: {Keys}", string.Join(", ", needRestart));
            }

            return true;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Keys read once at start (ports, storage, TLS mode, timeouts) whose value changed: they need a restart.</summary>
    private static List<string> RestartKeys(IConfiguration before, IConfiguration after)
    {
        var old = Flatten(before);
        var changed = Flatten(after);
        return [.. old.Keys.Union(changed.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(key => !string.Equals(old.GetValueOrDefault(key), changed.GetValueOrDefault(key), StringComparison.Ordinal))
            .Where(key => !Reloaded.Any(reloaded => key.Equals(reloaded, StringComparison.OrdinalIgnoreCase)
                || key.StartsWith(reloaded + ":", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>What a reload applies while running: these sections and keys (and everything under them).</summary>
    private static readonly string[] Reloaded =
    [
        "Accounts", "Logging", "Bans", "Bandwidth", "Ftp:MaxConnections", "Ftp:MaxConnectionsPerAddress", "Access",
        "Tls:CertificateFile", "Tls:KeyFile", "Tls:CertificatePassword", "Filtering",
    ];

    private static Dictionary<string, string?> Flatten(IConfiguration configuration) =>
        configuration.AsEnumerable().Where(pair => pair.Value is not null)
            .GroupBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Last().Value, StringComparer.OrdinalIgnoreCase);
}
