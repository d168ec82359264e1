using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>
/// A file opened through the jail; its <see cref="IReadableFile"/> facet (and, when opened for
/// asynchronous I/O, its <see cref="ISendableFile"/> facet) is that very descriptor.
/// The stream behind <see cref="Content"/> is made on first use only: a download the kernel sends
/// (sendfile) never reads through it, and a FileStream costs system calls to set up.
/// </summary>
internal sealed class LocalReadHandle : IReadHandle, IReadableFile
{
    private readonly SafeFileHandle _handle;
    private readonly bool _isAsync;
    private readonly SendableFile? _sendable;
    private readonly Func<Exception, Exception>? _translate;
    private FileStream? _file;
    private Stream? _content;

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

    public T? GetFacet<T>()
        where T : class => _sendable as T ?? this as T;

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
