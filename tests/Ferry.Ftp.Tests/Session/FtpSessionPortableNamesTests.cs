using Ferry.Core.Storage.Memory;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>Storage:PortableNames through FTP: names Windows cannot hold get 553 when created, by any command.</summary>
public sealed class FtpSessionPortableNamesTests
{
    [Theory]
    [InlineData("CON")]
    [InlineData("nul.txt")]
    [InlineData("com1.log")]
    [InlineData("trailing.")]
    [InlineData("stream::$DATA")]
    [InlineData("a|b")]
    public async Task Stor_mkd_and_rnto_refuse_the_name_with_553(string name)
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage { PortableNames = true });
        await server.UploadAsync("STOR ok.txt", "x"u8.ToArray());

        await server.CommandAsync("PASV", 227);
        await server.CommandAsync($"STOR {name}", 553);
        await server.CommandAsync($"MKD {name}", 553);
        await server.CommandAsync("RNFR ok.txt", 350);
        await server.CommandAsync($"RNTO {name}", 553);
        await server.CommandAsync("SIZE ok.txt", 213);
    }

    [Fact]
    public async Task Without_the_setting_such_names_are_stored()
    {
        await using var server = await FtpTestServer.LoggedInAsync(storage: new InMemoryStorage());

        await server.UploadAsync("STOR CON", "x"u8.ToArray());
        await server.CommandAsync("MKD nul.txt", 257);
    }
}
