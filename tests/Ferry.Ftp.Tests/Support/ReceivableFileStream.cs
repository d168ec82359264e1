using Ferry.Core.Files;
using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Ftp.Tests.Support;

/// <summary>
/// The receive facet over a test's own file stream, as a local backend offers it. A failed write
/// becomes Quota for ENOSPC and Unavailable otherwise, and is remembered so that a test can see
/// that the connection asked the facet.
/// </summary>
internal sealed class ReceivableFileStream(FileStream file) : IReceivableFile
{
    private const int ENOSPC = 28;

    public SafeFileHandle File => file.SafeFileHandle;

    public long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    /// <summary>The OS error the last failed write reported, or null.</summary>
    public int? FailedWith { get; private set; }

    public StorageException WriteFailed(int osError, string operation)
    {
        FailedWith = osError;
        return new StorageException(osError == ENOSPC ? FileError.Quota : FileError.Unavailable, $"{operation} failed (errno {osError})");
    }
}
