using System.Globalization;
using Ferry.Core.Storage;

namespace Ferry.WebDav.Locking;

/// <summary>
/// The entity tag of a file or folder as GET and PROPFIND show it, for the If header's ETag
/// conditions. It must agree with the getetag property exactly, or a client's conditional request
/// fails; the property handlers bring the shared function (ETags), and this one computes the same
/// until both meet on main.
/// </summary>
internal static class CurrentETag
{
    /// <summary>The backend's own tag when it has one; otherwise one made from the length and the modification time.</summary>
    public static string Of(FileEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.ETag ?? string.Create(CultureInfo.InvariantCulture, $"\"{entry.Length:x}-{entry.LastModified.UtcTicks:x}\"");
    }

    /// <summary>Strong comparison (RFC 9110 8.8.3.2): both tags strong and their opaque parts equal. A changed file must not match a weak tag.</summary>
    public static bool Matches(string condition, string current) =>
        !condition.StartsWith("W/", StringComparison.Ordinal)
        && !current.StartsWith("W/", StringComparison.Ordinal)
        && string.Equals(condition, current, StringComparison.Ordinal);
}
