using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;
using Ferry.Storage.Conformance;

namespace Ferry.Core.Tests;

/// <summary>The storage conformance suite on the in-memory storage with its default capabilities.</summary>
public sealed class InMemoryStorageConformanceTests : StorageConformanceTests
{
    protected override IStorage CreateStorage() => new InMemoryStorage();
}
