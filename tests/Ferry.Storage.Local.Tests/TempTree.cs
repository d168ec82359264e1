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

    public void Dispose() => Directory.Delete(Base, recursive: true);
}
