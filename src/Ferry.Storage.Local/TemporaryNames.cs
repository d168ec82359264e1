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

    /// <summary>
    /// Marks a temporary file as in use for as long as <paramref name="fd"/> stays open: an exclusive
    /// flock, which the kernel drops when the descriptor closes or the process dies (kill -9 too).
    /// Another Ferry starting on the same tree (a restart that overlaps the old process's shutdown, a
    /// second site or node on a shared folder) then leaves the file alone instead of deleting an upload
    /// in progress (<see cref="StaleTemporaryFiles"/>). Best effort: a file system without flock only
    /// loses that protection.
    /// </summary>
    public static void Claim(int fd) => _ = LinuxNative.Flock(fd, LinuxNative.LockExclusive | LinuxNative.LockNoWait);
}
