using Ferry.Core.Files;

namespace Ferry.Core.Storage;

/// <summary>A storage failure with its neutral cause. The message is for logs, never for a client.</summary>
public sealed class StorageException(FileError error, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public FileError Error { get; } = error;

    /// <summary>
    /// The exception for a failed system call on a local file (errno from Linux), for protocol code
    /// that writes a file's descriptor through the kernel (splice) rather than through a stream.
    /// </summary>
    public static StorageException FromErrno(int errno, string operation) => Local.Errno.FromErrno(errno, operation);
}
