using System.Runtime.CompilerServices;
using Ferry.Core.Storage;

namespace Ferry.WebDav.Methods;

/// <summary>The entity tag of a file, as GET, PUT, PROPFIND (getetag) and every precondition see it.</summary>
public static class EntityTags
{
    /// <summary>
    /// The backend's own tag when it has one; otherwise one made of the length and the modification
    /// time to the tick: it changes whenever a client could notice a change, and it needs no state, so
    /// it is the same after a restart and on every node. Null for a collection (a listing has no stable
    /// representation to validate).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? For(FileEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.IsDirectory ? null : entry.ETag ?? Made(entry.Length, entry.LastModified.UtcTicks);
    }

    /// <summary>The tag made of a file's length and modification time (as <see cref="DateTimeOffset.UtcTicks"/>) when its backend gives none.</summary>
    public static string Made(long length, long modifiedUtcTicks) => $"\"{length:x}-{modifiedUtcTicks:x}\"";
}
