using Microsoft.Win32.SafeHandles;

namespace Ferry.Core.Storage;

/// <summary>
/// A facet of an <see cref="IReadHandle"/> whose bytes lie in an open file the kernel can send from
/// (sendfile). Ask for it with <see cref="IReadHandle.GetFacet{T}"/>; a backend without local files
/// never offers it, and the caller then reads <see cref="IReadHandle.Content"/>.
/// </summary>
public interface ISendableFile
{
    /// <summary>
    /// The very file the backend opened and checked (never reopen it by path: that would undo a
    /// jail check), opened for asynchronous I/O as the kernel's send path needs. The read handle
    /// owns it: use it only while the handle lives, and never close it.
    /// </summary>
    SafeFileHandle File { get; }
}
