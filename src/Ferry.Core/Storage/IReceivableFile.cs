using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Storage;

/// <summary>
/// A facet of an <see cref="IUploadHandle"/> whose bytes go into an open file that protocol code
/// can write through the kernel (splice) instead of <see cref="IUploadHandle.Content"/>. Ask for it
/// with <see cref="IUploadHandle.GetFacet{T}"/>; a backend without local files never offers it.
/// Commit and abort treat bytes written here exactly as bytes written through Content.
/// </summary>
public interface IReceivableFile
{
    /// <summary>The open file, owned by the upload handle: use it only while the handle lives, never close it.</summary>
    SafeFileHandle File { get; }

    /// <summary>
    /// Where the next byte goes. Writes are positioned (from Position on); the caller moves
    /// Position past what it wrote, so that the handle sees them as written through Content.
    /// </summary>
    long Position { get; set; }

    /// <summary>
    /// The neutral exception for a positioned write into <see cref="File"/> that failed with the
    /// operating system's error <paramref name="osError"/> (errno on Linux): only the backend knows
    /// what its system's errors mean (a full disk is Quota, not a broken connection).
    /// </summary>
    StorageException WriteFailed(int osError, string operation);
}
