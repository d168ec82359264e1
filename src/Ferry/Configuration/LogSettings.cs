using Ferry.Logs;

namespace Ferry.Configuration;

/// <summary>The administrator's log files: W3C (IIS's format, daily files) and xferlog (wu-ftpd's and vsftpd's).</summary>
/// <param name="Directory">Where the W3C files go: Logs:Directory, by default the data folder's "logs".</param>
/// <param name="W3C">Logs:W3C:Enabled; on by default, as IIS logs by default.</param>
/// <param name="Xferlog">Logs:Xferlog:Enabled; off by default.</param>
/// <param name="XferlogPath">Logs:Xferlog:Path, by default "xferlog" in <paramref name="Directory"/>.</param>
public sealed record LogSettings(string Directory, bool W3C, bool Xferlog, string XferlogPath)
{
    /// <summary>Logs:W3C:Fields: the W3C fields and their order; by default every field but IIS's s-sitename and s-computername.</summary>
    public W3CFields W3CFields { get; init; } = W3CFields.Default;

    /// <summary>The Logs section's keys, for the unknown-key check (<see cref="KnownKeys"/>).</summary>
    public static ConfigKey Keys { get; } = ConfigKey.Section(
        ("Directory", ConfigKey.Value("DATA/logs")),
        ("W3C", ConfigKey.Section(("Enabled", ConfigKey.Value("true")), ("Fields", ConfigKey.ValueOrList()))),
        ("Xferlog", ConfigKey.Section(("Enabled", ConfigKey.Value("false")), ("Path", ConfigKey.Value("LOGS/xferlog")))));

    public static LogSettings Load(IConfiguration config, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        var logs = config.GetSection("Logs");
        var directory = Path.GetFullPath(logs["Directory"] is { Length: > 0 } d ? d : Path.Combine(dataDirectory, "logs"));
        var xferlogPath = logs["Xferlog:Path"] is { Length: > 0 } p ? Path.GetFullPath(p) : Path.Combine(directory, "xferlog");
        return new LogSettings(directory, Bool(logs, "W3C:Enabled", true), Bool(logs, "Xferlog:Enabled", false), xferlogPath)
        {
            W3CFields = Fields(logs.GetSection("W3C:Fields")),
        };
    }

    /// <summary>
    /// A list (<c>["date", "time", "c-ip"]</c>) or one string of names separated by spaces or commas,
    /// as IIS's #Fields line and its logExtFileFlags write them.
    /// </summary>
    private static W3CFields Fields(IConfigurationSection section)
    {
        var names = section.Value is { } text
            ? text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. section.GetChildren().Select(c => c.Value ?? "")];
        return section.Value is null && names.Length == 0 ? W3CFields.Default : W3CFields.Parse(names, section.Path);
    }

    private static bool Bool(IConfigurationSection section, string key, bool fallback)
    {
        var text = section[key];
        return text is null ? fallback
            : bool.TryParse(text, out var value) ? value
            : throw new ConfigurationException($"{section.Path}:{key} must be true or false, not '{text}'.");
    }
}
