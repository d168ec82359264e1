using System.Security.Authentication;
using System.Text;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Session;

/// <summary>
/// A protected upload that ends with a TCP close and no TLS close_notify may be cut short: it is a
/// broken transfer (426, the old file kept) unless the administrator allows such clients.
/// </summary>
public sealed class FtpSessionTruncationTests
{
    public static TheoryData<SslProtocols> Versions => new() { SslProtocols.Tls12, SslProtocols.Tls13 };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Stor_over_tls_ended_without_close_notify_gets_426_and_keeps_the_old_file(SslProtocols version)
    {
        await using var server = await FtpTestServer.LoggedInAsync(Transport.Tls);
        var target = Path.Combine(server.Root, "keep.txt");
        await File.WriteAllTextAsync(target, "original");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOR keep.txt");
        await using (var data = await server.DataConnectionAsync(version))
        {
            await server.ExpectAsync(150);
            await data.WriteAsync(Encoding.ASCII.GetBytes("the first half of the new cont"));
            data.CloseWithoutCloseNotify();
            var reply = await server.ExpectAsync(426);
            Assert.Contains("without TLS close_notify", reply.Text);
        }

        Assert.Equal("original", await File.ReadAllTextAsync(target));
        Assert.Single(Directory.GetFiles(server.Root));
        await server.CommandAsync("NOOP", 200);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Stor_over_tls_ended_with_close_notify_is_kept(SslProtocols version)
    {
        await using var server = await FtpTestServer.LoggedInAsync(Transport.Tls);
        var target = Path.Combine(server.Root, "keep.txt");
        await File.WriteAllTextAsync(target, "original");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOR keep.txt");
        await using (var data = await server.DataConnectionAsync(version))
        {
            await server.ExpectAsync(150);
            await data.WriteAsync(Encoding.ASCII.GetBytes("new"));
            await data.CompleteWritingAsync();
            await server.ExpectAsync(226);
        }

        Assert.Equal("new", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task The_setting_lets_clients_that_never_send_close_notify_upload()
    {
        var options = new FtpOptions { DataConnectTimeout = TimeSpan.FromSeconds(5), Tls = TestCertificate.Options() with { AllowUploadWithoutCloseNotify = true } };
        await using var server = await FtpTestServer.LoggedInAsync(Transport.Tls, options);
        var target = Path.Combine(server.Root, "lax.txt");
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("STOR lax.txt");
        await using (var data = await server.DataConnectionAsync())
        {
            await server.ExpectAsync(150);
            await data.WriteAsync(Encoding.ASCII.GetBytes("whole"));
            data.CloseWithoutCloseNotify();
            await server.ExpectAsync(226);
        }

        Assert.Equal("whole", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task A_clear_upload_ended_by_a_tcp_close_is_complete()
    {
        await using var server = await FtpTestServer.LoggedInAsync();
        await server.CommandAsync("TYPE I", 200);
        await server.UploadAsync("STOR plain.txt", Encoding.ASCII.GetBytes("plain"));
        Assert.Equal("plain", await File.ReadAllTextAsync(Path.Combine(server.Root, "plain.txt")));
    }
}
