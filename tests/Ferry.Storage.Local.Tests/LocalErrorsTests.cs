using System.Runtime.Versioning;
using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local.Tests;

[SupportedOSPlatform("linux")]
public class LocalErrorsTests
{
    [Fact]
    public void An_ENOSPC_from_dotnet_reads_as_Quota()
    {
        using var full = DevFull.Open();

        var error = Assert.ThrowsAny<IOException>(() => full.Write([1, 2, 3]));

        Assert.Equal(FileError.Quota, LocalErrors.ToFileError(error));
        Assert.Equal(FileError.Quota, Assert.IsType<StorageException>(LocalErrors.Translate(error)).Error);
    }

    [Fact]
    public void Exceptions_without_an_errno_fall_back_to_the_neutral_mapping()
    {
        Assert.Equal(FileError.NotFound, LocalErrors.ToFileError(new FileNotFoundException()));
        Assert.Equal(FileError.Denied, LocalErrors.ToFileError(new UnauthorizedAccessException()));
        Assert.Null(LocalErrors.ToFileError(new NullReferenceException()));
        Assert.IsType<ArgumentException>(LocalErrors.Translate(new ArgumentException("x")));
    }
}
