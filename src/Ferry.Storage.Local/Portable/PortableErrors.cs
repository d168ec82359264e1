using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>
/// How an exception from .NET's file APIs reads as a neutral <see cref="FileError"/> on each
/// platform the portable storage runs on: .NET leaves the raw errno (Unix) or an HRESULT holding
/// the Win32 error (Windows) in the IOExceptions it has no subtype for (disk full, not empty...).
/// Darwin numbers some errno values differently from Linux.
/// </summary>
internal static class PortableErrors
{
    public static FileError? ToFileError(Exception exception) => ToFileError(exception, PlatformOf());

    /// <summary>As <see cref="ToFileError(Exception)"/> for a named platform: tests read every platform's numbers.</summary>
    public static FileError? ToFileError(Exception exception, ErrorPlatform platform) => exception switch
    {
        StorageException storage => storage.Error,
        IOException io when io is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException) =>
            WindowsErrors.ErrorOf(io.HResult) is { } win32 ? WindowsErrors.ToFileError(win32)
            : io.HResult is > 0 and < 4096 ? platform == ErrorPlatform.Darwin ? DarwinErrno(io.HResult) : Errno.ToFileError(io.HResult)
            : FileError.Unavailable,
        _ => StorageErrors.ToFileError(exception),
    };

    /// <summary>Rethrows a file exception as a <see cref="StorageException"/>; other exceptions (bugs) pass.</summary>
    public static Exception Translate(Exception exception) =>
        exception is not StorageException && ToFileError(exception) is { } error
            ? new StorageException(error, exception.Message, exception)
            : exception;

    /// <summary>&lt;sys/errno.h&gt; on macOS: the first 34 as on Linux, the rest renumbered.</summary>
    internal static FileError DarwinErrno(int errno) => errno switch
    {
        66 => FileError.NotEmpty,                  // ENOTEMPTY
        62 => FileError.Denied,                    // ELOOP
        63 => FileError.InvalidName,               // ENAMETOOLONG
        69 => FileError.Quota,                     // EDQUOT
        45 or 102 => FileError.Unsupported,        // ENOTSUP, EOPNOTSUPP
        <= 34 => Errno.ToFileError(errno),
        _ => FileError.Unavailable,
    };

    private static ErrorPlatform PlatformOf() =>
        OperatingSystem.IsMacOS() ? ErrorPlatform.Darwin : ErrorPlatform.Other;
}

/// <summary>Whose errno numbers an IOException carries.</summary>
internal enum ErrorPlatform
{
    Other,
    Darwin,
}
