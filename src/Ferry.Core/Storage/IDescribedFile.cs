namespace Ferry.Core.Storage;

/// <summary>
/// A facet of an <see cref="IReadHandle"/> that describes the very file it reads, from the open file
/// itself (fstat on Linux), as <see cref="IStorage.StatAsync"/> describes it by name: the same name,
/// length, modification time and ETag. A reader that needs both (an HTTP GET: validators first, then
/// the bytes) opens once instead of looking the name up and then opening it, and the validators are
/// those of the bytes sent even when the file is replaced in between. A link is described by its
/// target (<see cref="UnixFacts.IsSymbolicLink"/> is false). A backend that cannot, never offers it.
/// </summary>
public interface IDescribedFile
{
    FileEntry Entry { get; }
}
