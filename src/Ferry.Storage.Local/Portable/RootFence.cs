using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>
/// The check the portable jail makes after every open: the FINAL path of what was opened (every
/// symlink, junction and reparse point resolved by the operating system, see <see cref="IFinalPath"/>)
/// must be the root or lie below it. A name can lead anywhere; only where the handle landed counts.
/// Pure string logic, so that the Windows and macOS spellings are tested on any machine.
/// </summary>
internal sealed class RootFence
{
    public RootFence(string finalRoot, PathStyle style)
    {
        ArgumentException.ThrowIfNullOrEmpty(finalRoot);
        Style = style;
        Root = Normalize(finalRoot, style);
    }

    /// <summary>The root as compared: no \\?\ prefix, no trailing separator (unless it is a volume's root).</summary>
    public string Root { get; }

    public PathStyle Style { get; }

    /// <summary>True when <paramref name="finalPath"/> is the root or below it.</summary>
    public bool Contains(string finalPath)
    {
        ArgumentNullException.ThrowIfNull(finalPath);
        var path = Normalize(finalPath, Style);
        if (HasDotSegment(path, Style.Separator))
        {
            return false; // a final path never holds "." or ".."; one that does is not trusted
        }

        if (path.Equals(Root, Style.Comparison))
        {
            return true;
        }

        var prefix = Root[^1] == Style.Separator ? Root : Root + Style.Separator;
        return path.StartsWith(prefix, Style.Comparison);
    }

    /// <summary>Throws Denied unless <paramref name="finalPath"/> lies inside.</summary>
    public void Ensure(string finalPath)
    {
        if (!Contains(finalPath))
        {
            throw new StorageException(FileError.Denied, "A link leads outside the storage root.");
        }
    }

    /// <summary>
    /// One spelling per place: on Windows "\\?\C:\a" is "C:\a" and "\\?\UNC\server\share" is
    /// "\\server\share" (GetFinalPathNameByHandleW answers with the long forms), '/' is '\';
    /// everywhere a trailing separator goes, except the one of a volume's root ("C:\", "/").
    /// </summary>
    public static string Normalize(string path, PathStyle style)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (style.IsWindows)
        {
            path = path.Replace('/', '\\');
            if (path.StartsWith(@"\\?\UNC\", StringComparison.OrdinalIgnoreCase))
            {
                path = @"\\" + path[8..];
            }
            else if (path.StartsWith(@"\\?\", StringComparison.Ordinal) || path.StartsWith(@"\\.\", StringComparison.Ordinal))
            {
                path = path[4..];
            }
        }

        var end = path.Length;
        while (end > 1 && path[end - 1] == style.Separator && !IsVolumeRoot(path.AsSpan(0, end), style))
        {
            end--;
        }

        return path[..end];
    }

    private static bool IsVolumeRoot(ReadOnlySpan<char> path, PathStyle style) =>
        style.IsWindows ? path.Length == 3 && path[1] == ':' : path.Length == 1;

    private static bool HasDotSegment(string path, char separator)
    {
        foreach (var range in path.AsSpan().Split(separator))
        {
            var segment = path.AsSpan(range);
            if (segment is "." or "..")
            {
                return true;
            }
        }

        return false;
    }
}
