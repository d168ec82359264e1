using System.Security.Cryptography;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>
/// Names of the files a Replace upload or a copy writes beside its target. They carry the prefix
/// <see cref="ReservedNames"/> keeps from clients, so no client sees or makes one.
/// </summary>
internal static class TemporaryNames
{
    public const string Suffix = ".tmp";

    /// <summary>A fresh name; 64 random bits make a clash with a concurrent upload negligible (O_EXCL still guards).</summary>
    public static string Create() => ReservedNames.Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + Suffix;
}
