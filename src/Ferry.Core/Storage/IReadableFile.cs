using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Storage;

/// <summary>
/// A facet of an <see cref="IReadHandle"/> whose bytes lie in an open local file that the caller may
/// read with positioned reads (<see cref="Read"/>), whether it was opened for synchronous or
/// asynchronous I/O: no stream to set up per file, which for a small file costs more than reading
/// it. A backend without local files, or a handle whose reads must go through
/// <see cref="IReadHandle.Content"/> (a throttled one), never offers it.
/// </summary>
public interface IReadableFile
{
    /// <summary>
    /// The very file the backend opened and checked (never reopen it by path: that would undo a jail
    /// check). The read handle owns it: use it only while the handle lives, and never close it.
    /// </summary>
    SafeFileHandle File { get; }

    /// <summary>
    /// Reads up to <paramref name="into"/>'s length from <paramref name="offset"/> of <see cref="File"/>;
    /// 0 at its end. A backend may read with its own system call: .NET's RandomAccess asks the kernel
    /// whether a handle it did not open itself can seek (one lseek per handle, so one per small GET).
    /// </summary>
    int Read(Span<byte> into, long offset) => RandomAccess.Read(File, into, offset);
}
