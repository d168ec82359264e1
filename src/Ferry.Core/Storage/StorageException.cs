using Ferry.Core.Files;

namespace Ferry.Core.Storage;

/// <summary>A storage failure with its neutral cause. The message is for logs, never for a client.</summary>
public sealed class StorageException(FileError error, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public FileError Error { get; } = error;
}
