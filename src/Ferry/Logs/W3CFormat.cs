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
    /// <summary>IIS's daily UTF-8 file name: u_ex + two-digit year, month, day (UTC).</summary>
    public static string FileName(DateTimeOffset day) =>
        "u_ex" + day.UtcDateTime.ToString("yyMMdd", CultureInfo.InvariantCulture) + ".log";

    /// <summary>The header block written at the top of a file and again whenever the server starts writing to it.</summary>
    public static string Header(string software, DateTimeOffset now, W3CFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return $"#Software: {software}\n#Version: 1.0\n#Date: {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}\n#Fields: {fields.Header}\n";
    }

    /// <summary>One line: the chosen fields of the event, separated by single spaces.</summary>
    public static string Line(AuditEvent entry, W3CFields fields)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(fields);
        var line = new StringBuilder(256);
        foreach (var field in fields.Fields)
        {
            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(field.Value(entry));
        }

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
}
