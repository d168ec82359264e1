using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Ferry.Ftp.Data;
using Ferry.Ftp.Tests.Data;
using Ferry.Ftp.Tests.Support;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Tests.Tls;

/// <summary>
/// Under PROT P a passive data connection's handshake is answered when the client's hello comes,
/// before the transfer command if it comes first (curl 7.x waits 200 ms for that answer otherwise).
/// </summary>
public sealed class EarlyDataHandshakeTests
{
    // A safety net so that a handshake that waits for the command fails the test instead of hanging it; not a measurement.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(15);

    private static FtpOptions TlsOptions() =>
        new() { DataConnectTimeout = TimeSpan.FromSeconds(5), Tls = TestCertificate.Options() };

    /// <summary>RETR on the set-up data connection, read in clear: 150, the bytes, 226.</summary>
    private static async Task<byte[]> RetrInClearAsync(FtpTestServer server, string name)
    {
        await server.SendAsync($"RETR {name}");
        var data = server.TakeDataConnection();
        await server.ExpectAsync(150);
        var bytes = await FtpTestServer.ReadAllAsync(data);
        await server.ExpectAsync(226);
        return bytes;
    }

    [Fact]
    public async Task A_hello_sent_before_retr_is_answered_before_retr_and_the_download_goes_through_it()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        File.WriteAllText(Path.Combine(server.Root, "early.txt"), "early bytes");
        await server.CommandAsync("PASV", 227);

        // The whole handshake, with no transfer command sent yet.
        var data = server.TakeDataConnection();
        await using var tls = await TestCertificate.ConnectAsync(data).WaitAsync(Hang);

        await server.SendAsync("RETR early.txt");
        await server.ExpectAsync(150);
        Assert.Equal("early bytes"u8.ToArray(), await FtpTestServer.ReadAllAsync(tls));
        await server.ExpectAsync(226);
    }

    [Fact]
    public async Task A_hello_that_comes_before_the_command_is_answered_as_for_an_upload_and_stor_goes_through_it()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        await server.CommandAsync("TYPE I", 200);
        await server.CommandAsync("PASV", 227);
        var data = server.TakeDataConnection();
        await using var tls = await TestCertificate.ConnectAsync(data).WaitAsync(Hang);

        // Not known yet whether the client will only write: TLS 1.2, whose ticket comes inside the handshake.
        Assert.Equal(SslProtocols.Tls12, tls.SslProtocol);
        await server.SendAsync("STOR early.bin");
        await server.ExpectAsync(150);
        await tls.WriteAsync("uploaded early"u8.ToArray());
        await tls.ShutdownAsync();
        Assert.Equal(0, await tls.ReadAsync(new byte[1]).AsTask().WaitAsync(Hang));
        data.CompleteWriting();
        await server.ExpectAsync(226);
        Assert.Equal("uploaded early"u8.ToArray(), File.ReadAllBytes(Path.Combine(server.Root, "early.bin")));
    }

    [Fact]
    public async Task A_hello_after_the_150_of_a_download_gets_the_clients_best_version()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        File.WriteAllText(Path.Combine(server.Root, "late.txt"), "late");
        await server.CommandAsync("PASV", 227);
        await server.SendAsync("RETR late.txt");
        var data = server.TakeDataConnection();
        await server.ExpectAsync(150);
        await using var tls = await TestCertificate.ConnectAsync(data);

        Assert.Equal(SslProtocols.Tls13, tls.SslProtocol);
        Assert.Equal("late"u8.ToArray(), await FtpTestServer.ReadAllAsync(tls));
        await server.ExpectAsync(226);
    }

    [Fact]
    public async Task Prot_c_after_pasv_sends_the_data_in_clear_on_the_connection_accepted_early()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        File.WriteAllText(Path.Combine(server.Root, "clear.txt"), "in clear");
        await server.CommandAsync("PASV", 227);
        await server.CommandAsync("PROT C", 200);

        Assert.Equal("in clear"u8.ToArray(), await RetrInClearAsync(server, "clear.txt"));
    }

    [Fact]
    public async Task Prot_c_after_a_hello_was_answered_refuses_the_transfer_with_425_and_the_session_goes_on()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        File.WriteAllText(Path.Combine(server.Root, "clear.txt"), "in clear");
        await server.CommandAsync("PASV", 227);
        await using (await TestCertificate.ConnectAsync(server.TakeDataConnection()).WaitAsync(Hang))
        {
            await server.CommandAsync("PROT C", 200);
            var refused = await server.CommandAsync("RETR clear.txt", 425);
            Assert.Contains("PASV again", refused.Text);
        }

        await server.CommandAsync("PASV", 227);
        Assert.Equal("in clear"u8.ToArray(), await RetrInClearAsync(server, "clear.txt"));
    }

    [Fact]
    public async Task Garbage_before_the_command_fails_the_transfer_with_425_and_the_session_goes_on()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        File.WriteAllText(Path.Combine(server.Root, "f.txt"), "x");
        await server.CommandAsync("PASV", 227);
        var data = server.TakeDataConnection();
        await data.WriteAsync("not a TLS hello\r\n"u8.ToArray());
        data.CompleteWriting();

        await server.CommandAsync("RETR f.txt", 150);
        var reply = await server.ExpectAsync(425);
        Assert.Contains("TLS", reply.Text);
        await server.CommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task A_second_pasv_closes_the_connection_the_first_accepted()
    {
        await using var server = await FtpTestServer.LoggedInOverTlsAsync(TlsOptions());
        await server.CommandAsync("PASV", 227);
        var first = server.TakeDataConnection();
        await server.CommandAsync("PASV", 227);

        Assert.Equal(0, await first.ReadAsync(new byte[1]).AsTask().WaitAsync(Hang));
    }

    [Fact]
    public async Task Left_in_clear_a_real_socket_still_carries_data_both_ways()
    {
        using var hang = new CancellationTokenSource(Hang);
        var registry = new DataConnectionRegistry();
        try
        {
            var factory = new SocketDataChannelFactory(new FtpOptions(), registry, new RecordingLogger<SocketDataChannelFactory>());
            await using var listener = (await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, hang.Token))!;
            var early = EarlyDataHandshake.Start(listener, TestCertificate.Options());
            await using (early)
            {
                using var client = await Loopback.ConnectAsync(listener.LocalEndPoint, from: IPAddress.Loopback);
                await using var connection = await early.AcceptedAsync(hang.Token);

                // The early side waits for the client's first bytes; PROT C stops that wait without taking any.
                Assert.True(await early.LeaveClearAsync());
                await client.SendAsync("up"u8.ToArray());
                var received = new byte[2];
                await connection.Stream.ReadExactlyAsync(received, hang.Token);
                await connection.Stream.WriteAsync("down"u8.ToArray(), hang.Token);
                var sent = new byte[4];
                Assert.Equal(4, await client.ReceiveAsync(sent, hang.Token));

                Assert.Equal("up"u8.ToArray(), received);
                Assert.Equal("down"u8.ToArray(), sent);
            }
        }
        finally
        {
            await registry.CloseAllAsync();
        }
    }
}
