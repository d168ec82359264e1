using System.Globalization;
using System.Text;

namespace Ferry.Ftp.Session;

/// <summary>
/// Text from a client, made safe for a log line: secrets masked, control characters escaped (a raw
/// ESC or BEL would drive the terminal of whoever reads the log; a raw CR or LF would forge a line).
/// </summary>
internal static class LogText
{
    /// <summary>What is shown instead of a secret.</summary>
    public const string Mask = "****";

    /// <summary>A command line is clipped to this in the log: it shows the command, a 4 KiB line helps nobody.</summary>
    private const int MaxShown = 200;

    /// <summary>
    /// "PASS" or "ACCT" when the line may carry a password: it starts with those letters in any case,
    /// whatever follows. So "PaSs\tpw" and "PASS\0pw", which the command table does not know (a verb
    /// ends at a space only), are masked too, as is anything behind leading blanks or controls.
    /// Null for any other line.
    /// </summary>
    public static string? SecretVerb(string line)
    {
        var start = 0;
        while (start < line.Length && (char.IsWhiteSpace(line[start]) || char.IsControl(line[start])))
        {
            start++;
        }

        var rest = line.AsSpan(start);
        return rest.StartsWith("PASS", StringComparison.OrdinalIgnoreCase) ? "PASS"
            : rest.StartsWith("ACCT", StringComparison.OrdinalIgnoreCase) ? "ACCT"
            : null;
    }

    /// <summary>
    /// The text with control characters as \xHH, and format characters (such as the right-to-left
    /// override U+202E), line and paragraph separators and lone surrogates as \uHHHH; clipped.
    /// </summary>
    public static string Escape(string text)
    {
        var clipped = text.Length > MaxShown ? text[..MaxShown] : text;
        StringBuilder? escaped = null;
        for (var i = 0; i < clipped.Length; i++)
        {
            var c = clipped[i];
            var replacement = Replacement(clipped, i);
            if (replacement is null)
            {
                escaped?.Append(c);
                continue;
            }

            escaped ??= new StringBuilder(clipped.Length + 16).Append(clipped, 0, i);
            escaped.Append(replacement);
        }

        var result = escaped?.ToString() ?? clipped;
        return clipped.Length < text.Length ? result + "..." : result;
    }

    private static string? Replacement(string text, int index)
    {
        var c = text[index];
        if (char.IsControl(c))
        {
            return "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture);
        }

        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            return null;
        }

        if (char.IsLowSurrogate(c) && index > 0 && char.IsHighSurrogate(text[index - 1]))
        {
            return null;
        }

        return char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : null;
    }
}
