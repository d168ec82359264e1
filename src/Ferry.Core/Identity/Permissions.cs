namespace Ferry.Core.Identity;

/// <summary>What an account may do in a folder.</summary>
[Flags]
public enum Permissions
{
    None = 0,
    List = 1,
    Read = 2,
    Write = 4,
    Append = 8,
    Delete = 16,
    Rename = 32,
    Mkdir = 64,
    SetTime = 128,

    /// <summary>
    /// Change permission bits (FTP's SITE CHMOD). Its own right, not part of Write: making a file
    /// executable or world-writable is more than uploading it.
    /// </summary>
    Chmod = 256,
    ReadOnly = List | Read,
    All = List | Read | Write | Append | Delete | Rename | Mkdir | SetTime | Chmod,

    /// <summary>
    /// What <see cref="All"/> was before <see cref="Chmod"/> existed: stores that keep the bits read
    /// this as <see cref="All"/> (see <see cref="PermissionsText.FromStored"/>), so accounts with "all" keep it.
    /// </summary>
    AllBeforeChmod = List | Read | Write | Append | Delete | Rename | Mkdir | SetTime,
}
