using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local.Tests;

/// <summary>How each platform's file errors read as FileErrors: Win32 codes in an HRESULT, Darwin's and Linux's errno.</summary>
public sealed class PortableErrorsTests
{
    [Theory]
    [InlineData(2, FileError.NotFound)]
    [InlineData(3, FileError.NotFound)]
    [InlineData(5, FileError.Denied)]
    [InlineData(32, FileError.Locked)]
    [InlineData(80, FileError.Exists)]
    [InlineData(183, FileError.Exists)]
    [InlineData(112, FileError.Quota)]
    [InlineData(145, FileError.NotEmpty)]
    [InlineData(123, FileError.InvalidName)]
    [InlineData(267, FileError.NotADirectory)]
    [InlineData(1921, FileError.Denied)]
    [InlineData(999, FileError.Unavailable)]
    public void Windows_errors_arrive_as_an_HRESULT(int win32, FileError expected)
    {
        var exception = new IOException("windows", WindowsErrors.HResultOf(win32));

        Assert.Equal(win32, WindowsErrors.ErrorOf(exception.HResult));
        Assert.Equal(expected, PortableErrors.ToFileError(exception, ErrorPlatform.Other));
    }

    [Theory]
    [InlineData(66, FileError.NotEmpty)]
    [InlineData(69, FileError.Quota)]
    [InlineData(62, FileError.Denied)]
    [InlineData(63, FileError.InvalidName)]
    [InlineData(17, FileError.Exists)]
    [InlineData(28, FileError.Quota)]
    [InlineData(39, FileError.Unavailable)]
    public void Darwin_renumbers_errno_above_34(int errno, FileError expected)
    {
        Assert.Equal(expected, PortableErrors.ToFileError(new IOException("darwin", errno), ErrorPlatform.Darwin));
    }

    [Theory]
    [InlineData(39, FileError.NotEmpty)]
    [InlineData(122, FileError.Quota)]
    [InlineData(66, FileError.Unavailable)]
    public void Linux_keeps_its_own_numbers(int errno, FileError expected)
    {
        Assert.Equal(expected, PortableErrors.ToFileError(new IOException("linux", errno), ErrorPlatform.Other));
    }

    [Fact]
    public void Dotnet_exceptions_keep_their_meaning_and_bugs_pass()
    {
        Assert.Equal(FileError.NotFound, PortableErrors.ToFileError(new FileNotFoundException()));
        Assert.Equal(FileError.Denied, PortableErrors.ToFileError(new UnauthorizedAccessException()));
        Assert.Equal(FileError.Locked, PortableErrors.ToFileError(new StorageException(FileError.Locked, "x")));
        Assert.Null(PortableErrors.ToFileError(new InvalidOperationException()));
        Assert.IsType<InvalidOperationException>(PortableErrors.Translate(new InvalidOperationException()));
    }
}
