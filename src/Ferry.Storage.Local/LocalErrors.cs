using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>
/// How an exception from local disk reads as a neutral <see cref="FileError"/>: the errno that .NET
/// leaves in an IOException first, then Core's mapping of .NET's own file exceptions.
/// </summary>
internal static class LocalErrors
{
    /// <summary>The error for an exception a file API may throw, or null for one that is a bug.</summary>
    public static FileError? ToFileError(Exception exception) => exception switch
    {
        // On Unix .NET puts the raw errno into HResult of the IOExceptions it has no subtype for
        // (ENOSPC, EEXIST, ENOTEMPTY, EIO...).
        IOException io when io is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
            && io.HResult is > 0 and < 4096 => Errno.ToFileError(io.HResult),
        _ => StorageErrors.ToFileError(exception),
    };

    /// <summary>Rethrows a backend exception as a <see cref="StorageException"/>; other exceptions pass.</summary>
    public static Exception Translate(Exception exception) =>
        exception is not StorageException && ToFileError(exception) is { } error
            ? new StorageException(error, exception.Message, exception)
            : exception;
}
