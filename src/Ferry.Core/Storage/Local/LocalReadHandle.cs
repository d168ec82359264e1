namespace Ferry.Core.Storage.Local;

/// <summary>A file opened through the jail; <see cref="LocalFile"/> is that very descriptor.</summary>
internal sealed class LocalReadHandle : IReadHandle
{
    public LocalReadHandle(FileStream file, long length, long offset)
    {
        LocalFile = file;
        Length = length;
        Offset = offset;
        file.Position = offset;
        Content = new ErrorMappingStream(file);
    }

    public long Length { get; }

    public long Offset { get; }

    public Stream Content { get; }

    public FileStream LocalFile { get; }

    public ValueTask DisposeAsync() => LocalFile.DisposeAsync();
}
