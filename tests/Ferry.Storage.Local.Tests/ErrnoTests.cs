using Ferry.Core.Files;

namespace Ferry.Storage.Local.Tests;

public class ErrnoTests
{
    [Theory]
    [InlineData(Errno.ENOENT, FileError.NotFound)]
    [InlineData(Errno.EEXIST, FileError.Exists)]
    [InlineData(Errno.ENOTEMPTY, FileError.NotEmpty)]
    [InlineData(Errno.ENOTDIR, FileError.NotADirectory)]
    [InlineData(Errno.EISDIR, FileError.IsADirectory)]
    [InlineData(Errno.EACCES, FileError.Denied)]
    [InlineData(Errno.EPERM, FileError.Denied)]
    [InlineData(Errno.ENOSPC, FileError.Quota)]
    [InlineData(Errno.EDQUOT, FileError.Quota)]
    [InlineData(Errno.EIO, FileError.Unavailable)]
    public void Errno_values_map_to_neutral_errors(int errno, FileError expected)
    {
        Assert.Equal(expected, Errno.ToFileError(errno));
        Assert.Equal(expected, Errno.FromErrno(errno, "op").Error);
    }
}
