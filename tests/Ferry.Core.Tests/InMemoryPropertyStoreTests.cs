using Ferry.Core.Properties;
using Ferry.Storage.Conformance.Properties;

namespace Ferry.Core.Tests;

/// <summary>The property store conformance suite on the in-memory store.</summary>
public sealed class InMemoryPropertyStoreTests : PropertyStoreConformanceTests
{
    protected override Task<IPropertyStore> CreateStoreAsync() => Task.FromResult<IPropertyStore>(new InMemoryPropertyStore());
}
