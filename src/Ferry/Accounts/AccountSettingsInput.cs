using System.Collections.Immutable;
using System.Text;
using Ferry.Accounts.Sql;
using Ferry.Cli;
using Ferry.Configuration;
using Ferry.Core.Identity;

namespace Ferry.Accounts;

/// <summary>
/// The limit and policy options of `ferry account add` and `ferry account set`, as typed. Applied to
/// an account's current settings by turning both into the keys of an account in ferry.json and
/// reading them with the file's own readers, so a value means and is checked exactly as it would be there.
/// A scalar option given "none" removes the limit; a list option replaces the list ("none": empty).
/// </summary>
public sealed record AccountSettingsInput(
    string? QuotaBytes = null,
    string? QuotaFiles = null,
    string? UploadRate = null,
    string? DownloadRate = null,
    ImmutableArray<string> AllowFrom = default,
    ImmutableArray<string> DenyFrom = default,
    string? MaxSessions = null,
    bool? Overwrite = null,
    ImmutableArray<string> DenyCommands = default,
    string? TlsControl = null,
    string? TlsData = null,
    ImmutableArray<string> Mounts = default)
{
    public const string None = "none";

    /// <summary>The section the keys are read under; problems name it, and it is swapped for the option's name.</summary>
    private const string Root = "Account";

    public bool Any =>
        new[] { QuotaBytes, QuotaFiles, UploadRate, DownloadRate, MaxSessions, TlsControl, TlsData }.Any(v => v is not null)
        || Overwrite is not null || !AllowFrom.IsDefaultOrEmpty || !DenyFrom.IsDefaultOrEmpty || !DenyCommands.IsDefaultOrEmpty
        || !Mounts.IsDefaultOrEmpty;

    /// <summary>The account's settings with these options applied.</summary>
    /// <exception cref="UsageException">A value the configuration file would refuse; the message names the option.</exception>
    public (AccountLimits Limits, AccountPolicy Policy, ImmutableArray<FolderMount> Mounts) Apply(
        AccountLimits limits, AccountPolicy policy, ImmutableArray<FolderMount> mounts, bool tlsOffered)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(policy);
        var keys = Keys(AccountSettingsJson.Write(limits, policy, mounts));
        var options = new List<(string Key, string Option)>();
        Scalar(keys, options, "Quota:Bytes", "--quota-bytes", QuotaBytes);
        Scalar(keys, options, "Quota:Files", "--quota-files", QuotaFiles);
        Scalar(keys, options, "Bandwidth:UploadBytesPerSecond", "--upload-rate", UploadRate);
        Scalar(keys, options, "Bandwidth:DownloadBytesPerSecond", "--download-rate", DownloadRate);
        Scalar(keys, options, "MaxSessions", "--max-sessions", MaxSessions);
        Scalar(keys, options, "Overwrite", "--overwrite", Overwrite is { } overwrite ? (overwrite ? "true" : "false") : null);
        Scalar(keys, options, "Tls:Control", "--tls-control", TlsControl);
        Scalar(keys, options, "Tls:Data", "--tls-data", TlsData);
        List(keys, options, "AllowFrom", "--allow-from", AllowFrom);
        List(keys, options, "DenyFrom", "--deny-from", DenyFrom);
        List(keys, options, "DenyCommands", "--deny-command", DenyCommands);
        MountList(keys, options, Mounts);

        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(keys.Select(pair => KeyValuePair.Create($"{Root}:{pair.Key}", (string?)pair.Value)))
            .Build()
            .GetSection(Root);
        var p = new ConfigurationProblems();
        var newLimits = AccountLimitsSettings.Read(section, p);
        var newPolicy = ConfiguredAccountPolicy.Read(section, p);
        var newMounts = MountSettings.Read(section.GetSection("Mounts"), p);
        if (!Mounts.IsDefaultOrEmpty)
        {
            // Checked when given, as the configuration file's folders are at start; a stored mount whose
            // folder went away later fails that account's logons ("home folder unavailable"), not this command.
            MountSettings.CheckFolders(section.GetSection("Mounts"), p, "create it first.");
        }

        if (p.Any)
        {
            throw new UsageException(string.Join(Environment.NewLine, p.All.Select(problem => Explain(problem, options))));
        }

        if (!tlsOffered && newPolicy.Tls != TlsPolicy.Allow)
        {
            var option = newPolicy.Tls.Control != ControlChannelPolicy.Allow ? "--tls-control" : "--tls-data";
            throw new UsageException($"{option}: this server offers no TLS (Tls:Mode is Disabled), so the account could never log on. Turn TLS on first, or leave it at Allow.");
        }

        return (newLimits, newPolicy, newMounts);
    }

    /// <summary>The option's name in place of the key path: "--quota-bytes must be a whole number of bytes ...".</summary>
    private static string Explain(ConfigurationProblem problem, List<(string Key, string Option)> options)
    {
        var key = problem.Key.StartsWith(Root + ":", StringComparison.Ordinal) ? problem.Key[(Root.Length + 1)..] : problem.Key;
        var option = options.FirstOrDefault(o => key == o.Key || key.StartsWith(o.Key + ":", StringComparison.Ordinal)).Option ?? key;
        return problem.Message.Replace(problem.Key, option, StringComparison.Ordinal);
    }

    /// <summary>The stored JSON as configuration keys ("Quota:Bytes" = "1000", "AllowFrom:0" = "10.0.0.0/8").</summary>
    private static Dictionary<string, string> Keys(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return new ConfigurationBuilder().AddJsonStream(stream).Build().AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.OrdinalIgnoreCase);
    }

    private static void Scalar(Dictionary<string, string> keys, List<(string, string)> options, string key, string option, string? value)
    {
        if (value is null)
        {
            return;
        }

        options.Add((key, option));
        if (IsNone(value))
        {
            keys.Remove(key);
        }
        else
        {
            keys[key] = value;
        }
    }

    private static void List(Dictionary<string, string> keys, List<(string, string)> options, string key, string option, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        options.Add((key, option));
        RemoveList(keys, key);
        var entries = values.Where(v => !IsNone(v)).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            keys[$"{key}:{i}"] = entries[i];
        }
    }

    /// <summary>
    /// --mount /reports=/srv/reports as the two keys of a Mounts entry. Split at the first '=': a
    /// virtual path has none in practice, and a Windows folder (D:\Reports) has ':' but no '='.
    /// </summary>
    private static void MountList(Dictionary<string, string> keys, List<(string, string)> options, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        options.Add(("Mounts", "--mount"));
        RemoveList(keys, "Mounts");
        var i = 0;
        foreach (var value in values.Where(v => !IsNone(v)))
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                throw new UsageException($"--mount: '{value}' is not PATH=FOLDER, such as /reports=/srv/reports (the folder /srv/reports shown at /reports in the account's home).");
            }

            keys[$"Mounts:{i}:Path"] = value[..equals];
            keys[$"Mounts:{i}:Folder"] = value[(equals + 1)..];
            i++;
        }
    }

    private static void RemoveList(Dictionary<string, string> keys, string key)
    {
        foreach (var old in keys.Keys.Where(k => k.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            keys.Remove(old);
        }
    }

    private static bool IsNone(string value) => value.Trim().Equals(None, StringComparison.OrdinalIgnoreCase);
}
