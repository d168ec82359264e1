using Ferry.Core.Paths;

namespace Ferry.Core.Identity;

/// <summary>The rights an account has in <see cref="Folder"/> and below it (unless a deeper rule says otherwise).</summary>
public sealed record FolderPermission(VfsPath Folder, Permissions Permissions);
