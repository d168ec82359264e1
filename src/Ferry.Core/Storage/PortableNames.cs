using System.Buffers;

namespace Ferry.Core.Storage;

/// <summary>
/// Names Windows cannot hold or open: a tree that Windows also serves (an SMB share, a copy to an
/// NTFS disk, an IIS site) must not receive them, or the file becomes unreachable, or reaches a
/// device (NUL, COM1) instead. <see cref="Files.FileService"/> refuses them for new files and
/// folders when the storage asks for portable names (<see cref="IStorage.PortableNames"/>).
/// </summary>
public static class PortableNames
{
    /// <summary>Characters Win32 refuses in a name (the separators included), as documented for CreateFile.</summary>
    private static readonly SearchValues<char> Forbidden = SearchValues.Create("<>:\"/\\|?*");

    /// <summary>
    /// Device names, in any case, alone or followed by an extension ("nul.txt" is the device too).
    /// The superscript digits are devices as well (COM¹ is COM1 to Win32).
    /// </summary>
    private static readonly string[] Devices =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
    ];

    /// <summary>True when Windows can hold a file or folder of this name.</summary>
    public static bool IsPortable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name[^1] is '.' or ' ')
        {
            // Win32 strips a trailing dot or space: "a." would open "a", and "a." itself stays unreachable.
            return false;
        }

        foreach (var c in name)
        {
            if (c < ' ')
            {
                return false;
            }
        }

        // ':' also covers NTFS alternate data streams ("file::$DATA", "file:stream").
        if (name.AsSpan().ContainsAny(Forbidden))
        {
            return false;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? name : name[..dot]).TrimEnd(' ');
        return !Devices.Contains(stem, StringComparer.OrdinalIgnoreCase);
    }
}
