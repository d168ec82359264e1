using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests;

public class StorageErrorsTests
{
    public static TheoryData<Exception, FileError> Neutral => new()
    {
        { new StorageException(FileError.Locked, "x"), FileError.Locked },
        { new FileNotFoundException(), FileError.NotFound },
        { new DirectoryNotFoundException(), FileError.NotFound },
        { new PathTooLongException(), FileError.InvalidName },
        { new UnauthorizedAccessException(), FileError.Denied },
        { new IOException("disk gone"), FileError.Unavailable },
        { new NotSupportedException(), FileError.Unsupported },
    };

    [Theory]
    [MemberData(nameof(Neutral))]
    public void Dotnet_file_exceptions_map_to_neutral_errors(Exception exception, FileError expected)
    {
        Assert.Equal(expected, StorageErrors.ToFileError(exception));
        Assert.Equal(expected, Assert.IsType<StorageException>(StorageErrors.Translate(exception)).Error);
    }

    [Fact]
    public void An_IOException_carrying_an_errno_is_only_Unavailable_here()
    {
        // Core knows no errno: the local backend maps those itself before falling back here.
        Assert.Equal(FileError.Unavailable, StorageErrors.ToFileError(new IOException("no space", 28)));
    }

    [Fact]
    public void Exceptions_that_are_bugs_are_not_mapped()
    {
        Assert.Null(StorageErrors.ToFileError(new NullReferenceException()));
        Assert.Same(StorageErrors.Translate(new ArgumentException("x")).GetType(), typeof(ArgumentException));
    }
}
