using System.Globalization;

namespace Ferry.Ftp.Data;

/// <summary>
/// The kernel's range for outgoing connections' local ports. A passive range inside it competes
/// with every outgoing connection (active-mode connects included), so the host warns about overlap.
/// </summary>
public static class EphemeralPortRange
{
    private const string LinuxRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>Reads the range on Linux; false elsewhere or when the file cannot be read.</summary>
    public static bool TryRead(out int low, out int high)
    {
        low = high = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        string text;
        try
        {
            text = File.ReadAllText(LinuxRangeFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return TryParse(text, out low, out high);
    }

    /// <summary>True when [<paramref name="low"/>, <paramref name="high"/>] shares a port with the ephemeral range.</summary>
    public static bool Overlaps(int low, int high) =>
        TryRead(out var ephemeralLow, out var ephemeralHigh) && Overlaps(low, high, ephemeralLow, ephemeralHigh);

    internal static bool Overlaps(int low, int high, int ephemeralLow, int ephemeralHigh) =>
        low <= ephemeralHigh && ephemeralLow <= high;

    /// <summary>Parses the file's "low&lt;TAB&gt;high\n" form.</summary>
    internal static bool TryParse(string text, out int low, out int high)
    {
        low = high = 0;
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out low)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out high)
            && low <= high;
    }
}
