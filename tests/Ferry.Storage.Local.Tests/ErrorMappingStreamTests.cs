using System.Runtime.Versioning;
using Ferry.Core.Files;
using Ferry.Core.Storage;

namespace Ferry.Storage.Local.Tests;

[SupportedOSPlatform("linux")]
public class ErrorMappingStreamTests
{
    [Fact]
    public async Task Upload_content_reports_a_full_disk_as_a_StorageException()
    {
        await using var full = DevFull.Open();
        var content = new ErrorMappingStream(full);

        var error = await Assert.ThrowsAsync<StorageException>(() => content.WriteAsync(new byte[] { 1 }).AsTask());

        Assert.Equal(FileError.Quota, error.Error);
    }
}
