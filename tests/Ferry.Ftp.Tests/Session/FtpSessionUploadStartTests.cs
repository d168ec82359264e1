using System.Text;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>An upload whose data never arrives leaves nothing behind: the new file is made when its data flows.</summary>
public sealed class FtpSessionUploadStartTests
{
    [Fact]
    public async Task Stor_of_a_new_file_whose_data_tls_handshake_fails_creates_no_file()
    {
        await using var server = await FtpTestServer.LoggedInAsync(Transport.Tls);
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOR new.bin");
        var pipe = server.TakeDataConnection();
        await using (pipe)
        {
            await server.ExpectAsync(150);

            // Not a ClientHello: the handshake fails at its first record.
            await pipe.WriteAsync(Encoding.ASCII.GetBytes("this is not TLS at all, just bytes\r\n"));
            pipe.CompleteWriting();
            await server.ExpectAsync(425);
        }

        Assert.Empty(Directory.GetFileSystemEntries(server.Root));
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task Stor_of_a_new_file_whose_data_connection_never_arrives_creates_no_file()
    {
        await using var server = await FtpTestServer.LoggedInAsync(new FtpOptions { DataConnectTimeout = TimeSpan.FromMilliseconds(200) });
        server.Data.ClientConnects = false;
        await server.CommandAsync("PASV", 227);
        await server.CommandAsync("STOR new.bin", 425);
        Assert.Empty(Directory.GetFileSystemEntries(server.Root));
    }

    [Theory]
    [InClearAndOverTls]
    public async Task Stor_of_an_empty_new_file_still_creates_it(Transport transport)
    {
        await using var server = await FtpTestServer.LoggedInAsync(transport);
        await server.CommandAsync("TYPE I", 200);
        await server.UploadAsync("STOR empty.bin", []);
        Assert.Equal(0, new FileInfo(Path.Combine(server.Root, "empty.bin")).Length);
    }
}
