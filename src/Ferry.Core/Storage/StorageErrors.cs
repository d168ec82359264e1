using Ferry.Core.Files;

namespace Ferry.Core.Storage;

/// <summary>
/// How a backend exception reads as a neutral <see cref="FileError"/>: the one place that knows
/// what .NET's file APIs throw.
/// </summary>
internal static class StorageErrors
{
    /// <summary>The error for an exception a file API may throw, or null for one that is a bug.</summary>
    public static FileError? ToFileError(Exception exception) => exception switch
    {
        StorageException storage => storage.Error,
        FileNotFoundException or DirectoryNotFoundException => FileError.NotFound,
        PathTooLongException => FileError.InvalidName,
        UnauthorizedAccessException => FileError.Denied,
        // On Unix .NET puts the raw errno into HResult of the IOExceptions it has no subtype for
        // (ENOSPC, EEXIST, ENOTEMPTY, EIO...).
        IOException io when OperatingSystem.IsLinux() && io.HResult is > 0 and < 4096 => Local.Errno.ToFileError(io.HResult),
        IOException => FileError.Unavailable,
        NotSupportedException => FileError.Unsupported,
        _ => null,
    };

    /// <summary>Rethrows a backend exception as a <see cref="StorageException"/>; other exceptions pass.</summary>
    public static Exception Translate(Exception exception) =>
        exception is not StorageException && ToFileError(exception) is { } error
            ? new StorageException(error, exception.Message, exception)
            : exception;
}
