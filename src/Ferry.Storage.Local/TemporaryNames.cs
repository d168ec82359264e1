using System.Security.Cryptography;
using Ferry.Core.Paths;

namespace Ferry.Storage.Local;

/// <summary>
/// Names of the files a Replace upload writes beside its target. Clients never see them: listings
/// skip them, lookups answer NotFound, and writing to such a name is refused.
/// </summary>
internal static class TemporaryNames
{
    public const string Prefix = ".ferry-upload-";
    public const string Suffix = ".tmp";

    public static bool IsTemporary(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>True when any segment is a temporary name (nothing below one is reachable either).</summary>
    public static bool IsHidden(VfsPath path)
    {
        foreach (var segment in path.Segments)
        {
            if (IsTemporary(segment))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A fresh name; 64 random bits make a clash with a concurrent upload negligible (O_EXCL still guards).</summary>
    public static string Create() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + Suffix;
}
