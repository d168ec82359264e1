using System.Runtime.Versioning;
using Ferry.Core.Storage;
using Ferry.Storage.Conformance;

namespace Ferry.Storage.Local.Tests;

/// <summary>
/// The storage conformance suite, unchanged, on the portable storage (Storage:Jail Portable): the
/// code Windows and macOS run, here with Linux's /proc/self/fd answering where handles landed.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PortableStorageConformanceTests : StorageConformanceTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("ferry-portable-conformance-").FullName;

    protected override IStorage CreateStorage() => new PortableStorage(_root, LocalStorageOptions.Default with { Jail = LocalJail.Portable });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
