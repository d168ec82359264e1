using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local;

/// <summary>Linux errno values and how each one reads as a neutral <see cref="FileError"/>.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ETXTBSY = 26;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;
    public const int EDQUOT = 122;

    public static FileError ToFileError(int errno) => errno switch
    {
        ENOENT => FileError.NotFound,
        EEXIST => FileError.Exists,
        ENOTEMPTY => FileError.NotEmpty,
        ENOTDIR => FileError.NotADirectory,
        EISDIR => FileError.IsADirectory,
        EACCES or EPERM or EROFS => FileError.Denied,
        // ELOOP: too many links, or a magic link refused by RESOLVE_NO_MAGICLINKS; EXDEV: a resolution
        // that would have left the root. Both are the jail saying no.
        ELOOP or EXDEV => FileError.Denied,
        ENOSPC or EDQUOT => FileError.Quota,
        ENAMETOOLONG or EINVAL => FileError.InvalidName,
        EBUSY or ETXTBSY => FileError.Locked,
        EOPNOTSUPP => FileError.Unsupported,
        _ => FileError.Unavailable,
    };

    /// <summary>The last P/Invoke errno as an exception; the message names the operation, never the client's text.</summary>
    public static StorageException Last(string operation)
    {
        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return FromErrno(errno, operation);
    }

    public static StorageException FromErrno(int errno, string operation) =>
        new(ToFileError(errno), $"{operation} failed: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
}
