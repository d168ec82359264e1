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
    ReadOnly = List | Read,
    All = List | Read | Write | Append | Delete | Rename | Mkdir | SetTime,
}
