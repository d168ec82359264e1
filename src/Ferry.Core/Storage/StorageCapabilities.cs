namespace Ferry.Core.Storage;

/// <summary>
/// What a backend can promise, so that protocols offer only what it keeps. An operation a backend
/// does not promise fails with <see cref="Files.FileError.Unsupported"/> (except where a flag only
/// names a guarantee, as <see cref="AtomicReplace"/> does).
/// </summary>
[Flags]
public enum StorageCapabilities
{
    None = 0,

    /// <summary>
    /// A <see cref="WriteMode.Replace"/> upload over an existing file takes effect in one step on
    /// commit: a reader sees the old content or the new, never a mix, and an abort leaves the old
    /// file untouched. Without it a replace writes in place, and an abort or a crash can leave a
    /// partial file.
    /// </summary>
    AtomicReplace = 1,

    /// <summary>Bytes can be added at the end of an existing file (<see cref="WriteMode.Append"/>).</summary>
    Append = 2,

    /// <summary>An upload can write from an offset inside a file (<see cref="WriteMode.WriteAt"/>: a resumed upload).</summary>
    RandomWrite = 4,

    /// <summary>A file's modification time can be set (<see cref="IStorage.SetLastModifiedAsync"/>).</summary>
    SetTimes = 8,

    /// <summary>Files carry Unix permission bits that can be changed (<see cref="IStorage.SetModeAsync"/>).</summary>
    UnixModes = 16,

    /// <summary>
    /// Renaming a folder is one step: nobody sees half a moved tree, and it succeeds or fails as a
    /// whole. Without it (object storage, where a folder is a name prefix and a move is a copy of
    /// each object) <see cref="IStorage.RenameAsync"/> of a folder fails with Unsupported, and
    /// <see cref="Files.FileService"/> moves the tree file by file instead.
    /// </summary>
    AtomicDirectoryRename = 32,

    /// <summary>
    /// The backend copies a file itself (<see cref="IStorage.CopyAsync"/>) without the bytes passing
    /// through the server. Without it <see cref="Files.FileService"/> streams the copy through a read
    /// and an upload.
    /// </summary>
    ServerSideCopy = 64,

    /// <summary>
    /// A new file can be written out of sight and appear whole, in one step, only under a free name
    /// (<see cref="WriteMode.CreateWhole"/>: a temporary file, then renameat2 RENAME_NOREPLACE or a
    /// hard link on local disk). Without it a new file is written under its own name, and readers
    /// see it grow (WebDAV then claims the name with an empty file first).
    /// </summary>
    AtomicCreate = 128,
}
