namespace Ferry.Storage.Local.Tests;

/// <summary>A scratch folder with a "root" to jail storage in and an "outside" beside it.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Base = Directory.CreateTempSubdirectory("ferry-storage-").FullName;
        Root = Directory.CreateDirectory(Path.Combine(Base, "root")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(Base, "outside")).FullName;
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "outside secret");
    }

    public string Base { get; }

    public string Root { get; }

    public string Outside { get; }

    public string InRoot(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        var full = InRoot(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public string Read(string relative) => File.ReadAllText(InRoot(relative));

    /// <summary>Temporary upload files under the root, not looking through symlinks.</summary>
    public string[] TemporaryFiles() => Directory.GetFiles(
        Root,
        ".ferry-upload-*",
        new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint });

    /// <summary>A storage jailed in <see cref="Root"/>; with the kernel's jail, skips the test where the kernel has no openat2.</summary>
    public LocalStorage Storage(bool kernelJail)
    {
        var storage = new LocalStorage(Root, LocalStorageOptions.Default, kernelJail);
        if (kernelJail && !storage.KernelJail)
        {
            storage.Dispose();
            throw new SkipException("This kernel has no openat2.");
        }

        return storage;
    }

    public void Dispose() => Directory.Delete(Base, recursive: true);
}
