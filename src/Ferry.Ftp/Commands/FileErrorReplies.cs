using Ferry.Core.Files;

namespace Ferry.Ftp.Commands;

/// <summary>The one place where neutral file errors become FTP replies (RFC 959 4.2).</summary>
public static class FileErrorReplies
{
    public static (int Code, string Text) For(FileError error, string what) => error switch
    {
        FileError.NotFound => (550, $"{what}: no such file or directory."),
        FileError.Exists => (550, $"{what}: already exists."),
        FileError.Denied => (550, $"{what}: permission denied."),
        FileError.Quota => (552, $"{what}: insufficient storage space."),
        FileError.NotEmpty => (550, $"{what}: directory not empty."),
        FileError.Locked => (450, $"{what}: the file is locked; try again later."),
        FileError.Unsupported => (502, $"{what}: not supported by this server's storage."),
        FileError.InvalidName => (553, $"{what}: file name not allowed."),
        FileError.NotADirectory => (550, $"{what}: not a directory."),
        FileError.IsADirectory => (550, $"{what}: is a directory."),
        FileError.Unavailable => (451, $"{what}: local error in processing; try again later."),
        FileError.Filtered => (550, $"{what}: files of this type are not allowed here."),

        // RFC 959 552: "Requested file action aborted. Exceeded storage allocation."
        FileError.TooLarge => (552, $"{what}: the file would be larger than this server allows."),

        // 553 as for a name that cannot be used (RFC 959): the target is fine, but not from there.
        FileError.CrossesMount => (553, $"{what}: the target crosses a mount point (another storage); download the file and upload it there instead."),
        _ => (451, $"{what}: the action failed."),
    };

    /// <summary>
    /// An upload onto an existing file by an account whose uploads never replace one (a drop box):
    /// 553, "file name not allowed" (RFC 959), with the reason and what to do.
    /// </summary>
    public static (int Code, string Text) NotReplaced(string what) =>
        (553, $"{what}: a file of that name exists, and this account's uploads never replace or change one. Upload under another name.");
}
