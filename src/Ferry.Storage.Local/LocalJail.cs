namespace Ferry.Storage.Local;

/// <summary>How a local storage keeps paths inside its root (Storage:Jail).</summary>
public enum LocalJail
{
    /// <summary>
    /// The kernel resolves every path inside the root (openat2 RESOLVE_IN_ROOT, Linux 5.6+, with a
    /// realpath fallback) and every name change is made relative to a folder descriptor: <see cref="LocalStorage"/>.
    /// 64-bit Linux only; its default there.
    /// </summary>
    Kernel,

    /// <summary>
    /// .NET's file APIs, and a check of the final path of every opened handle: <see cref="PortableStorage"/>.
    /// The default on Windows and macOS; on Linux it is chosen to exercise that code.
    /// </summary>
    Portable,
}

/// <summary>A local storage either jail makes: what the host needs beyond <see cref="Core.Storage.IStorage"/>.</summary>
public interface ILocalStorage : Core.Storage.IStorage, Core.Storage.IStorageSpace, IDisposable
{
    LocalJail Jail { get; }

    /// <summary>True when the kernel itself enforces the jail (openat2).</summary>
    bool KernelJail { get; }

    /// <summary>Deletes what interrupted uploads left behind; call it at start-up. Returns how many files went.</summary>
    int RemoveStaleTemporaryFiles();
}

/// <summary>Makes the local storage <see cref="LocalStorageOptions.Jail"/> asks for.</summary>
public static class LocalStorages
{
    /// <summary>The jail of this platform when none is configured: the kernel's on 64-bit Linux, the portable one elsewhere.</summary>
    public static LocalJail DefaultJail =>
        OperatingSystem.IsLinux() && Environment.Is64BitProcess ? LocalJail.Kernel : LocalJail.Portable;

    public static ILocalStorage Open(string rootDirectory, LocalStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Jail == LocalJail.Kernel
            ? new LocalStorage(rootDirectory, options)
            : new PortableStorage(rootDirectory, options);
    }

    /// <summary>What every storage of this jail keeps.</summary>
    public static Core.Storage.StorageCapabilities CapabilitiesOf(LocalJail jail) =>
        jail == LocalJail.Kernel ? LocalStorage.LocalCapabilities : PortableStorage.PortableCapabilities;
}
