using System.Globalization;
using System.Text;

namespace Ferry.Ftp.Session;

/// <summary>
/// IIS FTP's message variables (%UserName%, %SiteName%, %SessionID%, %BytesSent%, %BytesReceived%),
/// so that greeting and exit messages brought over from IIS read as they did there. Names compare
/// without regard to case; an unknown %Name% is left as written, and %% stays a percent sign.
/// </summary>
public static class MessageVariables
{
    /// <summary>What the variables stand for in one session.</summary>
    public sealed record Values(string? UserName, string? SiteName, string SessionId, long BytesSent, long BytesReceived);

    /// <summary>The names Ferry fills in, for docs and the IIS import's report.</summary>
    public static IReadOnlyList<string> Names { get; } = ["UserName", "SiteName", "SessionID", "BytesSent", "BytesReceived"];

    public static string Expand(string text, Values values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 32);
        var i = 0;
        while (i < text.Length)
        {
            var end = text[i] == '%' ? text.IndexOf('%', i + 1) : -1;
            if (end < 0)
            {
                result.Append(text[i]);
                i++;
                continue;
            }

            var name = text[(i + 1)..end];
            if (Value(name, values) is { } value)
            {
                result.Append(value);
                i = end + 1;
            }
            else
            {
                // Not a variable: keep the '%' and look for one from the next character on, so "100% %UserName%" works.
                result.Append('%');
                i++;
            }
        }

        return result.ToString();
    }

    private static string? Value(string name, Values values) => name.ToUpperInvariant() switch
    {
        "USERNAME" => values.UserName ?? "",
        "SITENAME" => values.SiteName ?? "",
        "SESSIONID" => values.SessionId,
        "BYTESSENT" => values.BytesSent.ToString(CultureInfo.InvariantCulture),
        "BYTESRECEIVED" => values.BytesReceived.ToString(CultureInfo.InvariantCulture),
        "" => "%",
        _ => null,
    };
}
