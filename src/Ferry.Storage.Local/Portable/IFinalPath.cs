using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>
/// Where an opened file or folder really is, asked of the operating system after the open: the
/// one platform-specific question the portable jail (<see cref="PortableStorage"/>) needs. Each
/// platform answers in its own small file: <see cref="WindowsFinalPath"/> (GetFinalPathNameByHandleW),
/// <see cref="MacFinalPath"/> (fcntl F_GETPATH), <see cref="LinuxProcFinalPath"/> (readlink of
/// /proc/self/fd/N).
/// </summary>
internal interface IFinalPath
{
    /// <summary>How the answers are spelt and compared.</summary>
    PathStyle Style { get; }

    /// <summary>The path of an open file with every link resolved.</summary>
    string OfFile(SafeFileHandle file);

    /// <summary>
    /// The path of the folder at <paramref name="path"/> with every link resolved; the folder is
    /// opened (never written) for the question and closed again. NotFound when nothing is there,
    /// NotADirectory when a file is.
    /// </summary>
    string OfFolder(string path);
}

/// <summary>Picks this platform's <see cref="IFinalPath"/>.</summary>
internal static class FinalPaths
{
    public static IFinalPath ForThisPlatform()
    {
        if (OperatingSystem.IsWindows())
        {
            return new WindowsFinalPath();
        }

        if (OperatingSystem.IsMacOS())
        {
            return new MacFinalPath();
        }

        if (OperatingSystem.IsLinux())
        {
            return new LinuxProcFinalPath();
        }

        throw new PlatformNotSupportedException("The portable local storage runs on Windows, macOS and Linux.");
    }
}
