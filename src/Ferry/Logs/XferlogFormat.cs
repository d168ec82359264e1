using System.Globalization;
using System.Text;
using Ferry.Core.Audit;

namespace Ferry.Logs;

/// <summary>
/// The xferlog format of wu-ftpd and vsftpd (xferlog(5)): one line per file transfer, read by
/// tools such as xferstats. Times are UTC, as vsftpd writes them by default.
/// </summary>
public static class XferlogFormat
{
    /// <summary>
    /// current-time transfer-time remote-host file-size filename transfer-type special-action-flag
    /// direction access-mode username service-name authentication-method authenticated-user-id
    /// completion-status; null for an operation that moved no file (deletes, listings, logons).
    /// </summary>
    public static string? Line(AuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var direction = entry.Transfer switch
        {
            AuditTransfer.Download => 'o',
            AuditTransfer.Upload => 'i',
            _ => (char?)null,
        };
        if (direction is null)
        {
            return null;
        }

        var time = entry.Time.UtcDateTime;
        var line = new StringBuilder(200);

        // ctime(3)'s shape: "Thu Dec  3 06:43:20 2026", the day padded with a space.
        line.Append(time.ToString("ddd MMM ", CultureInfo.InvariantCulture))
            .Append(time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2))
            .Append(time.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture));

        // Whole seconds, at least 1 as vsftpd writes it: xferstats divides by it.
        line.Append(' ').Append(Math.Max(1L, (long)Math.Round(entry.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        line.Append(' ').Append(entry.Client.Address.ToString());
        line.Append(' ').Append((direction == 'o' ? entry.BytesSent : entry.BytesReceived).ToString(CultureInfo.InvariantCulture));
        line.Append(' ').Append(Name(entry.Path));
        line.Append(' ').Append(entry.Binary ? 'b' : 'a');
        line.Append(" _ ").Append(direction.Value);
        line.Append(' ').Append(entry.Anonymous ? 'a' : 'r');

        // The account name, never what an anonymous user typed as a password (wu-ftpd logged that here).
        line.Append(' ').Append(Name(entry.User));
        line.Append(' ').Append(entry.Protocol.StartsWith("http", StringComparison.Ordinal) ? "http" : "ftp");
        line.Append(" 0 * ");
        line.Append(entry.Succeeded ? 'c' : 'i');
        return line.Append('\n').ToString();
    }

    /// <summary>Fields are split at spaces, so a space in a name becomes "_" (as vsftpd writes it) and control characters "?".</summary>
    private static string Name(string? value)
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
                span[i] = c == ' ' ? '_' : char.IsControl(c) || char.IsWhiteSpace(c) ? '?' : c;
            }
        });
    }
}
