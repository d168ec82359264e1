using System.Globalization;
using Ferry.Core.Storage;

namespace Ferry.WebDav;

/// <summary>
/// The one entity tag of a file, alike in PROPFIND's getetag, GET/HEAD's ETag header and the If
/// header's checks, so that a client comparing them sees one value.
/// </summary>
public static class ETags
{
    /// <summary>
    /// The backend's own tag when it has one; otherwise one made from the length and the
    /// last-modified time in ticks (as Apache makes one from size and mtime): it changes whenever a
    /// write changes either. Quoted, strong.
    /// </summary>
    public static string For(FileEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.ETag ?? string.Create(CultureInfo.InvariantCulture, $"\"{entry.Length:x}-{entry.LastModified.UtcTicks:x}\"");
    }
}
