using System.Runtime.Versioning;
using Ferry.Core.Storage;
using Ferry.Storage.Conformance;

namespace Ferry.Storage.Local.Tests;

/// <summary>The storage conformance suite on a local folder, jailed by the kernel where it can be.</summary>
[SupportedOSPlatform("linux")]
public sealed class LocalStorageConformanceTests : StorageConformanceTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("ferry-conformance-").FullName;

    protected override IStorage CreateStorage() => new LocalStorage(_root, LocalStorageOptions.Default);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
