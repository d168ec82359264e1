namespace Ferry.Core.Storage;

public enum WriteMode
{
    /// <summary>
    /// Whole-file upload from offset 0. Over an existing file with
    /// <see cref="StorageCapabilities.AtomicReplace"/>: written beside it and put in its place on
    /// commit, so an abort leaves the old file untouched. A new file is written under its own name,
    /// so that a broken upload can be resumed.
    /// </summary>
    Replace,

    /// <summary>
    /// Write in place from an offset (a resumed upload): the file is cut at the offset first. Needs
    /// <see cref="StorageCapabilities.RandomWrite"/>.
    /// </summary>
    WriteAt,

    /// <summary>Add to the end of the file, creating it if missing. Needs <see cref="StorageCapabilities.Append"/>.</summary>
    Append,

    /// <summary>Create a file that must not exist yet (a server-chosen unique name); fails with <see cref="Files.FileError.Exists"/>.</summary>
    CreateNew,

    /// <summary>
    /// Whole-file upload of a file that must not exist yet, which nobody sees until it is whole:
    /// written beside its name (under a <see cref="ReservedNames"/> name no client sees) and put in
    /// place on commit only if the name is still free, never over a file another client made
    /// meanwhile. Exists when anything has the name at open; a commit that finds it taken fails with
    /// Exists and keeps the upload, for <see cref="IUploadHandle.CommitReplacingAsync"/> or an abort.
    /// An abort leaves nothing. Needs <see cref="StorageCapabilities.AtomicCreate"/>.
    /// </summary>
    CreateWhole,
}
