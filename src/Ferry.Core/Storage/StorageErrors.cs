using Ferry.Core.Files;

namespace Ferry.Core.Storage;

/// <summary>
/// How .NET's own file exceptions read as a neutral <see cref="FileError"/>, for every backend to
/// share. A backend that knows more (an errno, an HTTP status) maps that first and falls back here.
/// </summary>
public static class StorageErrors
{
    /// <summary>The error for an exception a file API may throw, or null for one that is a bug.</summary>
    public static FileError? ToFileError(Exception exception) => exception switch
    {
        StorageException storage => storage.Error,
        FileNotFoundException or DirectoryNotFoundException => FileError.NotFound,
        PathTooLongException => FileError.InvalidName,
        UnauthorizedAccessException => FileError.Denied,
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
