using System.Globalization;
using System.Text;
using Ferry.Core.Audit;

namespace Ferry.Logs;

/// <summary>
/// The W3C extended log format as IIS writes it (u_exYYMMDD.log): a header block naming the fields,
/// then one line per operation, fields separated by single spaces, times in UTC.
/// </summary>
public static class W3CFormat
{
    /// <summary>
    /// The fields and their order; the same names IIS uses, plus Ferry's x-session and x-protocol. cs-host
    /// is IIS FTP's field for the virtual host a session chose (RFC 7151 HOST); last, so that readers that
    /// count fields find the others where they were.
    /// </summary>
    public const string Fields = "date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus sc-bytes cs-bytes time-taken x-session x-protocol cs-host";

    /// <summary>IIS's daily UTF-8 file name: u_ex + two-digit year, month, day (UTC).</summary>
    public static string FileName(DateTimeOffset day) =>
        "u_ex" + day.UtcDateTime.ToString("yyMMdd", CultureInfo.InvariantCulture) + ".log";

    /// <summary>The header block written at the top of a file and again whenever the server starts writing to it.</summary>
    public static string Header(string software, DateTimeOffset now) =>
        $"#Software: {software}\n#Version: 1.0\n#Date: {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}\n#Fields: {Fields}\n";

    public static string Line(AuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var time = entry.Time.UtcDateTime;
        var line = new StringBuilder(256);
        line.Append(time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Append(line, entry.Client.Address.ToString());
        Append(line, entry.Client.Port);
        Append(line, entry.User);
        Append(line, entry.Server.Address.ToString());
        Append(line, entry.Server.Port);
        Append(line, entry.Method);
        Append(line, entry.Path);
        Append(line, entry.Status);
        Append(line, entry.Win32Status);
        Append(line, entry.SubStatus);
        Append(line, entry.BytesSent);
        Append(line, entry.BytesReceived);
        Append(line, (long)entry.Duration.TotalMilliseconds);
        Append(line, entry.SessionId);
        Append(line, entry.Protocol);
        Append(line, entry.Host);
        return line.Append('\n').ToString();
    }

    /// <summary>
    /// One field: "-" when empty, a space as "+" (as IIS writes it), and control characters as "?"
    /// so that a file name cannot start a line or field of its own.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c == ' ' ? '+' : char.IsControl(c) || char.IsWhiteSpace(c) ? '?' : c;
            }
        });
    }

    private static void Append(StringBuilder line, string? value) => line.Append(' ').Append(Field(value));

    private static void Append(StringBuilder line, long value) => line.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture));
}
