using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>
/// A file opened through the jail; its <see cref="IReadableFile"/> facet (and, when opened for
/// asynchronous I/O, its <see cref="ISendableFile"/> facet) is that very descriptor.
/// The stream behind <see cref="Content"/> is made on first use only: a download the kernel sends
/// (sendfile) never reads through it, and a FileStream costs system calls to set up.
/// Opened by name on Linux, it also describes itself (<see cref="IDescribedFile"/>) from the status
/// taken when it was opened, so a GET needs no look-up of the name before the open.
/// </summary>
internal sealed class LocalReadHandle : IReadHandle, IReadableFile, IDescribedFile
{
    private readonly SafeFileHandle _handle;
    private readonly bool _isAsync;
    private readonly SendableFile? _sendable;
    private readonly Func<Exception, Exception>? _translate;
    private FileStream? _file;
    private Stream? _content;
    private string? _name;
    private LinuxNative.Statx _status;
    private FileEntry? _entry;

    /// <param name="handle">The opened file; the read handle owns it.</param>
    /// <param name="isAsync">Whether <paramref name="handle"/> was opened for asynchronous I/O.</param>
    /// <param name="translate">How a read error reads as a StorageException; the Linux errno mapping by default.</param>
    public LocalReadHandle(SafeFileHandle handle, bool isAsync, long length, long offset, Func<Exception, Exception>? translate = null)
    {
        _translate = translate;
        _handle = handle;
        _isAsync = isAsync;
        Length = length;
        Offset = offset;

        // Offered for sendfile only when asynchronous, which Socket.SendPacketsAsync requires.
        _sendable = isAsync ? new SendableFile(handle) : null;
    }

    public long Length { get; }

    public SafeFileHandle File => _handle;

    public long Offset { get; }

    /// <summary>The bytes from <see cref="Offset"/> on. One transfer reads a handle, so a plain lazy field serves.</summary>
    public Stream Content => _content ??= OpenContent();

    /// <summary>The entry of this file as a look-up of its name gives it (for a link, its target's: the file opened).</summary>
    public FileEntry Entry => _entry ??= LocalEntries.FromStatx(_name ?? throw new InvalidOperationException("The handle was not opened by name."), _status, isLink: false);

    /// <summary>Offers <see cref="IDescribedFile"/> from <paramref name="status"/>, the fstat of the open file, under the name it was opened by.</summary>
    public LocalReadHandle Describing(string name, in LinuxNative.Statx status)
    {
        _name = name;
        _status = status;
        return this;
    }

    /// <summary>
    /// A positioned read. On Linux a pread(2) of the descriptor: this handle is always a regular file
    /// (the storage refuses to open anything else), which RandomAccess.Read would first check with an
    /// lseek per handle, the one system call of a small GET that serves nothing.
    /// </summary>
    public int Read(Span<byte> into, long offset)
    {
        if (!OperatingSystem.IsLinux())
        {
            return RandomAccess.Read(_handle, into, offset);
        }

        return LinuxNative.PRead(_handle, into, offset);
    }

    public T? GetFacet<T>()
        where T : class => _sendable as T ?? (typeof(T) == typeof(IDescribedFile) && _name is null ? null : this as T);

    public ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            return _file.DisposeAsync();
        }

        _handle.Dispose();
        return ValueTask.CompletedTask;
    }

    private ErrorMappingStream OpenContent()
    {
        try
        {
            _file = new FileStream(_handle, FileAccess.Read, bufferSize: 0, _isAsync) { Position = Offset };
        }
        catch (Exception e)
        {
            throw (_translate ?? LocalErrors.Translate)(e);
        }

        return new ErrorMappingStream(_file, _translate);
    }

    private sealed class SendableFile(SafeFileHandle file) : ISendableFile
    {
        public SafeFileHandle File => file;
    }
}
