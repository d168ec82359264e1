using System.CommandLine;
using Ferry.Configuration;

namespace Ferry.Cli;

/// <summary>
/// The options that choose the configuration: --config, and one option per quick-start flag of
/// <see cref="ConfigurationLoader.QuickStartFlags"/> (so a flag added to that table is accepted and
/// shown in help without a change here). A command adds the ones it reads, then calls <see cref="Load"/>.
/// </summary>
public sealed class ConfigurationOptions
{
    /// <summary>Help text and value name for the flags the table knows today; a new one still works without.</summary>
    private static readonly Dictionary<string, (string HelpName, string Description)> Help = new(StringComparer.Ordinal)
    {
        ["root"] = ("DIR", "The folder to serve (default: DATA/files)."),
        ["ftp-port"] = ("N", "FTP control port (default 2121; 21 needs CAP_NET_BIND_SERVICE)."),
        ["passive-ports"] = ("LOW-HIGH", "Passive data port range (default 20000-21999)."),
        ["public-address"] = ("ADDR", "The IPv4 address put in 227 replies (for NAT)."),
        ["data"] = ("DIR", "Data folder: account store, certificate, generated password (default ./ferry-data)."),
        ["anonymous"] = ("DIR", "Allow read-only anonymous logon, serving DIR."),
        ["log-level"] = ("LEVEL", "Trace, Debug, Information, Warning or Error (default Information)."),
        ["tls"] = ("MODE", "Disabled, Explicit (AUTH TLS offered; default) or Required (logons and data must use TLS)."),
        ["tls-cert"] = ("FILE", "TLS certificate: PEM (with its chain) or .pfx (default: self-signed, made once)."),
        ["tls-key"] = ("FILE", "The PEM private key, when not in the --tls-cert file."),
        ["implicit-port"] = ("N", "Also serve implicit FTPS (TLS from the first byte) on port N (traditionally 990; default: none)."),
        ["webdav-port"] = ("N", "WebDAV over plain HTTP (default 8080; 0 = off)."),
        ["webdavs-port"] = ("N", "WebDAV over HTTPS (default 8443; 0 = off)."),
        ["create-missing"] = ("", "Create configured folders (root, homes, data folder's parent) that do not exist, instead of refusing them."),
    };

    private readonly Option<string> _config = new("--config")
    {
        HelpName = "FILE",
        Description = "Configuration file (default: ./ferry.json when present). Then FERRY__SECTION__KEY variables, then these flags, override it.",
    };

    private readonly List<(string Flag, Option Option)> _flags = [];

    private ConfigurationOptions()
    {
    }

    /// <summary>--config and every quick-start flag (`serve`, `tls fingerprint`).</summary>
    public static ConfigurationOptions All() => Only(ConfigurationLoader.QuickStartFlags.Select(f => f.Flag));

    /// <summary>--config and the named quick-start flags (`account` needs only --data).</summary>
    public static ConfigurationOptions Only(IEnumerable<string> flags)
    {
        var options = new ConfigurationOptions();
        foreach (var flag in flags)
        {
            var (helpName, description) = Help.TryGetValue(flag, out var help)
                ? help
                : ("VALUE", $"Sets {ConfigurationLoader.QuickStartFlags.First(f => f.Flag == flag).Key}.");
            // A switch (--create-missing) takes no value; every other flag takes one.
            options._flags.Add((flag, ConfigurationLoader.SwitchFlags.Contains(flag)
                ? new Option<bool>("--" + flag) { Description = description }
                : new Option<string>("--" + flag) { HelpName = helpName, Description = description }));
        }

        return options;
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(_config);
        foreach (var (_, option) in _flags)
        {
            command.Add(option);
        }
    }

    /// <summary>The flags given, by name without dashes, for <see cref="ConfigurationLoader.Load"/>.</summary>
    public IEnumerable<(string Flag, string Value)> Values(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        foreach (var (flag, option) in _flags)
        {
            switch (option)
            {
                case Option<bool> on when parseResult.GetValue(on):
                    yield return (flag, "true");
                    break;
                case Option<string> valued when parseResult.GetValue(valued) is { } value:
                    yield return (flag, value);
                    break;
            }
        }
    }

    /// <summary>The --config file given, if any.</summary>
    public string? File(ParseResult parseResult) => parseResult.GetValue(_config);

    /// <summary>The configuration: the file, FERRY__ variables, then the flags given (and any extra, such as --listen).</summary>
    public IConfigurationRoot Load(ParseResult parseResult, IEnumerable<(string Flag, string Value)>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var flags = Values(parseResult).Concat(extra ?? []).ToLookup(f => f.Flag, f => f.Value, StringComparer.Ordinal);
        return ConfigurationLoader.Load(parseResult.GetValue(_config), flags);
    }

    /// <summary>What to call the configuration file in messages: --config's path, or ferry.json.</summary>
    public string FileName(ParseResult parseResult) =>
        parseResult?.GetValue(_config) is { } file ? Path.GetFileName(file) : "ferry.json";
}
