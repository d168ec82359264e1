using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Storage;

/// <summary>
/// A facet of an <see cref="IReadHandle"/> whose bytes lie in an open local file that the caller may
/// read with positioned reads (<see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>),
/// whether it was opened for synchronous or asynchronous I/O: no stream to set up per file, which
/// for a small file costs more than reading it. A backend without local files, or a handle whose
/// reads must go through <see cref="IReadHandle.Content"/> (a throttled one), never offers it.
/// </summary>
public interface IReadableFile
{
    /// <summary>
    /// The very file the backend opened and checked (never reopen it by path: that would undo a jail
    /// check). The read handle owns it: use it only while the handle lives, and never close it.
    /// </summary>
    SafeFileHandle File { get; }
}
