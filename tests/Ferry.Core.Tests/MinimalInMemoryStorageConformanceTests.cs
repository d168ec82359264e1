using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;
using Ferry.Storage.Conformance;

namespace Ferry.Core.Tests;

/// <summary>
/// The storage conformance suite on an in-memory storage that promises nothing beyond the basics:
/// every capability fact must then see Unsupported, and FileService must still move and copy
/// folders and files (streamed, file by file).
/// </summary>
public sealed class MinimalInMemoryStorageConformanceTests : StorageConformanceTests
{
    protected override IStorage CreateStorage() => new InMemoryStorage(StorageCapabilities.None);
}
