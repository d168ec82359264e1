using System.Runtime.Versioning;
using Ferry.Core.Files;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Local;

namespace Ferry.Core.Tests;

[SupportedOSPlatform("linux")]
public class StorageErrorsTests
{
    /// <summary>/dev/full answers every write with ENOSPC: a disk-full without filling a disk.</summary>
    private static FileStream DevFull() => new("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);

    [Fact]
    public void An_ENOSPC_from_dotnet_reads_as_Quota()
    {
        using var full = DevFull();

        var error = Assert.ThrowsAny<IOException>(() => full.Write([1, 2, 3]));

        Assert.Equal(FileError.Quota, StorageErrors.ToFileError(error));
    }

    [Fact]
    public async Task Upload_content_reports_a_full_disk_as_a_StorageException()
    {
        await using var full = DevFull();
        var content = new ErrorMappingStream(full);

        var error = await Assert.ThrowsAsync<StorageException>(() => content.WriteAsync(new byte[] { 1 }).AsTask());

        Assert.Equal(FileError.Quota, error.Error);
    }

    [Fact]
    public void Exceptions_that_are_bugs_are_not_mapped()
    {
        Assert.Null(StorageErrors.ToFileError(new NullReferenceException()));
        Assert.Same(StorageErrors.Translate(new ArgumentException("x")).GetType(), typeof(ArgumentException));
    }

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
