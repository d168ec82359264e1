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
    /// An optional facet of this handle (e.g. <see cref="ISendableFile"/>), or null when the backend
    /// cannot offer it for this file. Callers must work without any facet.
    /// </summary>
    T? GetFacet<T>()
        where T : class => this as T;
}
