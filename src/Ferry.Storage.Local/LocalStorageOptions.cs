namespace Ferry.Storage.Local;

/// <summary>How <see cref="LocalStorage"/> creates files and how hard it makes uploads durable.</summary>
/// <param name="FileMode">Permissions of a file an upload creates (set exactly: the process umask does not apply).</param>
/// <param name="DirectoryMode">Permissions of a folder MKD creates (set exactly, as for files).</param>
/// <param name="FlushOnCommit">fsync the file (and, for a replace, its folder) before commit returns.</param>
/// <param name="PortableNames">New names must be ones Windows can hold (see <see cref="Core.Storage.PortableNames"/>).</param>
public sealed record LocalStorageOptions(
    UnixFileMode FileMode = LocalStorageOptions.DefaultFileMode,
    UnixFileMode DirectoryMode = LocalStorageOptions.DefaultDirectoryMode,
    bool FlushOnCommit = true,
    bool PortableNames = false)
{
    /// <summary>How paths are kept inside the root (Storage:Jail); by default the kernel's on 64-bit Linux, the portable one elsewhere.</summary>
    public LocalJail Jail { get; init; } = LocalStorages.DefaultJail;

    /// <summary>0644: what umask 022 leaves of 0666.</summary>
    public const UnixFileMode DefaultFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>0755: what umask 022 leaves of 0777.</summary>
    public const UnixFileMode DefaultDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static LocalStorageOptions Default { get; } = new();
}
