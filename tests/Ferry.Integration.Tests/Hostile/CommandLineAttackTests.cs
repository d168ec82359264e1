using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// Hostile suite: what arrives on the control connection: endless lines, Telnet IAC sequences, NUL
/// bytes, other protocols' greetings, and commands smuggled behind AUTH TLS (STARTTLS injection).
/// Each is answered or refused, and the session or server goes on.
/// </summary>
public sealed class CommandLineAttackTests
{
    private const byte Iac = 255;
    private const byte InterruptProcess = 244;
    private const byte DataMark = 242;
    private const byte TelnetNop = 241;

    private readonly ITestOutputHelper _output;

    public CommandLineAttackTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task A_one_mebibyte_line_gets_500_and_the_session_goes_on()
    {
        await using var server = await FerryServer.StartAsync(_output);
        await using var client = await RawFtpClient.LogOnAsync(server);

        var reply = await client.ExpectCommandAsync("STOR " + new string('A', 1024 * 1024), 500);
        Assert.Contains("too long", reply.Text, StringComparison.Ordinal);

        await client.ExpectCommandAsync("NOOP", 200);
        await client.ExpectCommandAsync("PWD", 257);
        Assert.False(File.Exists(Path.Combine(server.RootDir, new string('A', 200))));
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task Telnet_commands_inside_and_before_a_command_are_taken_out_of_it()
    {
        await using var server = await FerryServer.StartAsync(_output);
        using var tcp = await LoggedOnSocketAsync(server);
        var stream = tcp.GetStream();

        // "NO" IAC NOP "OP": the NOP is Telnet's, not part of the verb.
        await stream.WriteAsync(Bytes("NO", Iac, TelnetNop, "OP\r\n"));
        Assert.StartsWith("200", await Hostile.ReadLineAsync(stream));

        // IAC IP IAC DM before a command, as Telnet-minded clients send before ABOR.
        await stream.WriteAsync(Bytes("", Iac, InterruptProcess, "", Iac, DataMark, "NOOP\r\n"));
        Assert.StartsWith("200", await Hostile.ReadLineAsync(stream));
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task A_nul_in_a_path_is_refused_and_a_nul_after_pass_is_still_masked_in_the_log()
    {
        await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--log-level", "Trace"] });

        using (var tcp = await LoggedOnSocketAsync(server))
        {
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("RETR x\0/../../../../etc/passwd\r\n"));
            var reply = await Hostile.ReadLineAsync(stream);
            Assert.NotNull(reply);
            Assert.True(reply.StartsWith("501", StringComparison.Ordinal) || reply.StartsWith("553", StringComparison.Ordinal), reply);
            await stream.WriteAsync("NOOP\r\n"u8.ToArray());
            Assert.StartsWith("200", await Hostile.ReadLineAsync(stream));
        }

        using (var tcp = await ConnectAsync(server))
        {
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"USER {server.User}\r\nPASS\0{server.Password}\r\nPaSs\t{server.Password}\r\n"));
            for (var i = 0; i < 3; i++)
            {
                await Hostile.ReadLineAsync(stream);
            }
            await stream.WriteAsync("QUIT\r\n"u8.ToArray());
            Assert.StartsWith("221", await Hostile.ReadLineAsync(stream));
        }

        Assert.True(await server.WaitForOutputAsync("QUIT", Hostile.Bound), "Trace logging does not show commands");
        Assert.DoesNotContain(server.Password, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", server.Output, StringComparison.Ordinal);
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Theory]
    [InlineData("EHLO attacker.example")]
    [InlineData("HELO attacker.example")]
    [InlineData("SSH-2.0-OpenSSH_9.2")]
    public async Task Another_protocols_greeting_ends_the_session_at_once(string greeting)
    {
        await using var server = await FerryServer.StartAsync(_output);
        using var tcp = await ConnectAsync(server);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{greeting}\r\nUSER {server.User}\r\nPASS {server.Password}\r\nPWD\r\n"));

        var after = await Hostile.LinesUntilClosedAsync(stream);
        Assert.DoesNotContain(after, line => line.StartsWith("230", StringComparison.Ordinal) || line.StartsWith("257", StringComparison.Ordinal));
        await Hostile.AssertStillServesAsync(server, _output);
    }

    [Fact]
    public async Task Commands_sent_behind_auth_tls_in_the_clear_are_dropped_not_run_inside_tls()
    {
        await using var server = await FerryServer.StartAsync(_output);
        using var tcp = await ConnectAsync(server);
        var stream = tcp.GetStream();

        // A man in the middle appends a command to the client's AUTH TLS (CVE-2011-0411 style).
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH TLS\r\nUSER {server.User}\r\n"));
        Assert.StartsWith("234", await Hostile.ReadLineAsync(stream));
        await using var tls = new SslStream(stream, leaveInnerStreamOpen: true, (_, _, _, _) => true);
        using (var timeout = new CancellationTokenSource(Hostile.Bound))
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
        }

        // Had the smuggled USER run, a 331 would be waiting, and PASS would log on.
        await tls.WriteAsync("NOOP\r\n"u8.ToArray());
        Assert.StartsWith("200", await Hostile.ReadLineAsync(tls));
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"PASS {server.Password}\r\n"));
        Assert.StartsWith("503", await Hostile.ReadLineAsync(tls));
        await Hostile.AssertStillServesAsync(server, _output);
    }

    private static byte[] Bytes(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            if (part is string text)
            {
                bytes.AddRange(Encoding.ASCII.GetBytes(text));
            }
            else
            {
                bytes.Add((byte)part);
            }
        }
        return [.. bytes];
    }

    private static async Task<TcpClient> ConnectAsync(FerryServer server)
    {
        var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(Hostile.Bound);
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        Assert.StartsWith("220", await Hostile.ReadLineAsync(tcp.GetStream()));
        return tcp;
    }

    private static async Task<TcpClient> LoggedOnSocketAsync(FerryServer server)
    {
        var tcp = await ConnectAsync(server);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"USER {server.User}\r\n"));
        Assert.StartsWith("331", await Hostile.ReadLineAsync(stream));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"PASS {server.Password}\r\n"));
        Assert.StartsWith("230", await Hostile.ReadLineAsync(stream));
        return tcp;
    }
}
