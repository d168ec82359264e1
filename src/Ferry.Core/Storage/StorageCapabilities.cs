namespace Ferry.Core.Storage;

/// <summary>What a backend can promise, so protocols offer only what it keeps.</summary>
[Flags]
public enum StorageCapabilities
{
    None = 0,

    /// <summary>A whole-file upload replaces the old file in one step, or not at all.</summary>
    AtomicReplace = 1,

    /// <summary>Bytes can be added at the end of an existing file (APPE).</summary>
    Append = 2,

    /// <summary>An upload can start at an offset inside an existing file (REST + STOR).</summary>
    RandomWrite = 4,

    SetTimes = 16,

    /// <summary>Files carry Unix permission bits that can be changed (SITE CHMOD).</summary>
    UnixModes = 32,
}
