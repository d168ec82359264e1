namespace Ferry.Core.Storage.Local;

/// <summary>A file opened through the jail; <see cref="LocalFile"/> is that very descriptor.</summary>
internal sealed class LocalReadHandle : IReadHandle
{
    private readonly FileStream _file;

    public LocalReadHandle(FileStream file, long length, long offset)
    {
        _file = file;
        Length = length;
        Offset = offset;
        file.Position = offset;
        Content = new ErrorMappingStream(file);
    }

    public long Length { get; }

    public long Offset { get; }

    public Stream Content { get; }

    /// <summary>Offered for sendfile only when asynchronous, which Socket.SendPacketsAsync requires.</summary>
    public FileStream? LocalFile => _file.IsAsync ? _file : null;

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
