using System.Collections.Immutable;
using System.Globalization;
using Ferry.Core.Audit;

namespace Ferry.Logs;

/// <summary>One W3C extended-log field: its name in the #Fields header and how an event fills it.</summary>
public sealed record W3CField(string Name, Func<AuditEvent, string> Value);

/// <summary>
/// The W3C fields Ferry can write (IIS's names, plus x-protocol) and the chosen list
/// (<c>Logs:W3C:Fields</c>), so that an administrator who trimmed IIS's field list keeps the
/// files the tools downstream already read.
/// </summary>
public sealed class W3CFields
{
    /// <summary>
    /// Every field, in the default order: the same names IIS uses, plus Ferry's x-session and
    /// x-protocol. cs-host is IIS FTP's field for the virtual host a session chose (RFC 7151 HOST);
    /// last, so that readers that count fields find the others where they were. s-sitename and
    /// s-computername are IIS's too, written only when chosen.
    /// </summary>
    private static readonly ImmutableArray<W3CField> Known =
    [
        new("date", e => e.Time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("time", e => e.Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
        new("c-ip", e => W3CFormat.Field(e.Client.Address.ToString())),
        new("c-port", e => Number(e.Client.Port)),
        new("cs-username", e => W3CFormat.Field(e.User)),
        new("s-ip", e => W3CFormat.Field(e.Server.Address.ToString())),
        new("s-port", e => Number(e.Server.Port)),
        new("cs-method", e => W3CFormat.Field(e.Method)),
        new("cs-uri-stem", e => W3CFormat.Field(e.Path)),
        new("sc-status", e => Number(e.Status)),
        new("sc-win32-status", e => Number(e.Win32Status)),
        new("sc-substatus", e => Number(e.SubStatus)),
        new("sc-bytes", e => Number(e.BytesSent)),
        new("cs-bytes", e => Number(e.BytesReceived)),
        new("time-taken", e => Number((long)e.Duration.TotalMilliseconds)),
        new("x-session", e => W3CFormat.Field(e.SessionId)),
        new("x-protocol", e => W3CFormat.Field(e.Protocol)),
        new("cs-host", e => W3CFormat.Field(e.Host)),
        new("s-sitename", e => W3CFormat.Field(e.Host ?? "Ferry")),
        new("s-computername", _ => W3CFormat.Field(Environment.MachineName)),
    ];

    /// <summary>The fields written when <c>Logs:W3C:Fields</c> is not set: every one but the two IIS-only extras.</summary>
    public static W3CFields Default { get; } = new([.. Known.Where(f => f.Name is not ("s-sitename" or "s-computername"))]);

    /// <summary>The names <see cref="Parse"/> accepts, for messages and docs.</summary>
    public static IEnumerable<string> KnownNames => Known.Select(f => f.Name);

    private W3CFields(ImmutableArray<W3CField> fields) => Fields = fields;

    public ImmutableArray<W3CField> Fields { get; }

    /// <summary>The value of the #Fields header line: the names, in order, separated by spaces.</summary>
    public string Header => string.Join(' ', Fields.Select(f => f.Name));

    /// <summary>
    /// The chosen fields, in the order given. Names compare without regard to case (IIS writes them
    /// lower-case); an unknown or repeated name is an error that names the known ones.
    /// </summary>
    public static W3CFields Parse(IEnumerable<string> names, string key)
    {
        ArgumentNullException.ThrowIfNull(names);
        var chosen = new List<W3CField>();
        foreach (var name in names)
        {
            var field = Known.FirstOrDefault(f => string.Equals(f.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new Configuration.ConfigurationException(
                    $"{key}: unknown W3C field '{name}'. Known fields: {string.Join(", ", KnownNames)}.");
            if (chosen.Contains(field))
            {
                throw new Configuration.ConfigurationException($"{key}: the field '{field.Name}' is named twice.");
            }

            chosen.Add(field);
        }

        return chosen.Count == 0
            ? throw new Configuration.ConfigurationException($"{key}: name at least one field, or leave the key out for the default list.")
            : new W3CFields([.. chosen]);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
