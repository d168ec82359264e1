using System.Globalization;
using System.Text.RegularExpressions;

namespace Ferry.Configuration;

/// <summary>
/// A size in the configuration: a whole number of bytes ("1048576"), or a whole number and one unit,
/// decimal (KB MB GB TB: powers of 1000, as disks are sold) or binary (KiB MiB GiB TiB: powers of
/// 1024), with or without a space ("10GB", "512 MiB"). Units in any letter case; nothing else is
/// accepted (no fractions, no signs, no "10G"), so a typo is a start-up error, not a different limit.
/// </summary>
public static partial class ByteSize
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = text is null ? null : Shape().Match(text);
        if (match is not { Success: true })
        {
            return false;
        }

        var multiplier = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "KB" => 1000L,
            "MB" => 1000L * 1000,
            "GB" => 1000L * 1000 * 1000,
            "TB" => 1000L * 1000 * 1000 * 1000,
            "KIB" => 1024L,
            "MIB" => 1024L * 1024,
            "GIB" => 1024L * 1024 * 1024,
            "TIB" => 1024L * 1024 * 1024 * 1024,
            _ => 0L,
        };
        if (multiplier == 0 || !long.TryParse(match.Groups["number"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        try
        {
            bytes = checked(number * multiplier);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<number>[0-9]{1,19}) ?(?<unit>[KMGT]i?B|B)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
