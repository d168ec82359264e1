using Ferry.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Ferry.Storage.Local;

/// <summary>A file opened through the jail; its <see cref="ISendableFile"/> facet is that very descriptor.</summary>
internal sealed class LocalReadHandle : IReadHandle
{
    private readonly FileStream _file;
    private readonly SendableFile? _sendable;

    /// <param name="file">The opened file.</param>
    /// <param name="handle">The descriptor <paramref name="file"/> wraps (asking the stream for it would cost a seek).</param>
    public LocalReadHandle(FileStream file, SafeFileHandle handle, long length, long offset)
    {
        _file = file;
        Length = length;
        Offset = offset;
        file.Position = offset;
        Content = new ErrorMappingStream(file);

        // Offered for sendfile only when asynchronous, which Socket.SendPacketsAsync requires.
        _sendable = file.IsAsync ? new SendableFile(handle) : null;
    }

    public long Length { get; }

    public long Offset { get; }

    public Stream Content { get; }

    public T? GetFacet<T>()
        where T : class => _sendable as T ?? this as T;

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private sealed class SendableFile(SafeFileHandle file) : ISendableFile
    {
        public SafeFileHandle File => file;
    }
}
