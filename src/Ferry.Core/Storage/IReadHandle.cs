namespace Ferry.Core.Storage;

/// <summary>An opened file to read, positioned at the requested offset.</summary>
public interface IReadHandle : IAsyncDisposable
{
    /// <summary>Length of the whole file at open time.</summary>
    long Length { get; }

    /// <summary>The offset the stream starts from.</summary>
    long Offset { get; }

    /// <summary>The bytes from <see cref="Offset"/> on.</summary>
    Stream Content { get; }

    /// <summary>
    /// The same opened file as a local file stream for the kernel's sendfile, or null when the
    /// backend is not local disk. It is the handle the jail check used: never reopen by path.
    /// </summary>
    FileStream? LocalFile { get; }
}
