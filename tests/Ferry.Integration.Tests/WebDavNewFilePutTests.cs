using System.Net.Sockets;
using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>
/// A WebDAV PUT of a new file against the real process: while its body is half sent nobody sees the
/// name (curl's GET is 404, Python ftplib's LIST does not show it), it appears whole at the end, and a
/// client that dies or a server that is killed half way leaves nothing at the name.
/// </summary>
public sealed class WebDavNewFilePutTests
{
    /// <summary>Bounded waits for the server to act on what a client did: only a hang reaches them.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    /// <summary>More than the server's copy buffer (1 MiB), so that some of it is on disk.</summary>
    private const int Half = 1536 * 1024;

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public WebDavNewFilePutTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task A_new_file_is_unseen_over_WebDAV_and_FTP_until_its_PUT_is_whole()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var content = new byte[2 * Half];
        new Random(8).NextBytes(content);

        using var put = await HalfPutAsync(server, "report.bin", content);
        await WaitForTemporaryAsync(server);

        Assert.Equal("404", await StatusOfGetAsync(server, "report.bin"));
        var listing = await FtpListAsync(server);
        Assert.DoesNotContain("report.bin", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(".ferry-upload-", listing, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.RootDir, "report.bin")));

        var stream = put.GetStream();
        await stream.WriteAsync(content.AsMemory(Half));
        Assert.StartsWith("HTTP/1.1 201", await ReadStatusLineAsync(stream));

        var downloaded = Path.Combine(server.ClientDir, "report.bin");
        await CurlAsync("-u", server.Credentials, "-o", downloaded, server.DavUrl("report.bin"));
        Assert.Equal(content, await File.ReadAllBytesAsync(downloaded));
        Assert.Contains("report.bin", await FtpListAsync(server), StringComparison.Ordinal);
        Assert.Equal(["report.bin"], Directory.GetFileSystemEntries(server.RootDir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_PUT_whose_client_dies_half_way_leaves_nothing()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var content = new byte[2 * Half];

        using (var put = await HalfPutAsync(server, "gone.bin", content))
        {
            await WaitForTemporaryAsync(server);

            // A reset, as the kernel sends for a killed client.
            put.Client.LingerState = new LingerOption(true, 0);
        }

        await WaitUntilAsync(() => Directory.GetFileSystemEntries(server.RootDir).Length == 0, "the aborted upload's temporary file to go");
        Assert.Equal("404", await StatusOfGetAsync(server, "gone.bin"));
    }

    [Fact]
    public async Task A_server_killed_during_a_PUT_leaves_nothing_at_the_name_and_its_temporary_goes_at_the_next_start()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var content = new byte[2 * Half];

        using (var put = await HalfPutAsync(server, "crash.bin", content))
        {
            await WaitForTemporaryAsync(server);
            await server.KillAsync();
        }

        Assert.False(File.Exists(Path.Combine(server.RootDir, "crash.bin")));
        await server.RestartAsync();

        Assert.Empty(Directory.GetFileSystemEntries(server.RootDir));
        Assert.Equal("404", await StatusOfGetAsync(server, "crash.bin"));
    }

    /// <summary>Sends a PUT's headers (Content-Length of the whole) and the first <see cref="Half"/> bytes of its body, then waits.</summary>
    private static async Task<TcpClient> HalfPutAsync(FerryServer server, string name, byte[] content)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(server.Host, server.WebDavPort);
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(server.Credentials));
            var head = $"PUT /{name} HTTP/1.1\r\nHost: {server.Host}:{server.WebDavPort}\r\nAuthorization: Basic {basic}\r\n"
                + $"Content-Type: application/octet-stream\r\nContent-Length: {content.Length}\r\n\r\n";
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(content.AsMemory(0, Half));
            await stream.FlushAsync();
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The server has opened the upload: its hidden temporary file is there (the bytes reach it a
    /// buffer at a time, so how many are in it already is the server's business).
    /// </summary>
    private static Task WaitForTemporaryAsync(FerryServer server) => WaitUntilAsync(
        () => Directory.GetFiles(server.RootDir, ".ferry-upload-*").Length == 1,
        "the upload's temporary file");

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Hang;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private static async Task<string> ReadStatusLineAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal) && line.Length < 1024)
        {
            Assert.Equal(1, await stream.ReadAsync(one).AsTask().WaitAsync(Hang));
            line.Append((char)one[0]);
        }

        return line.ToString();
    }

    private async Task<string> StatusOfGetAsync(FerryServer server, string name) =>
        (await CurlAsync("-o", "/dev/null", "-w", "%{http_code}", "-u", server.Credentials, server.DavUrl(name))).Stdout.Trim();

    /// <summary>The root's LIST as Python's ftplib receives it.</summary>
    private async Task<string> FtpListAsync(FerryServer server)
    {
        const string Script = "import ftplib, sys\n"
            + "f = ftplib.FTP()\n"
            + "f.connect(sys.argv[1], int(sys.argv[2]), timeout=30)\n"
            + "f.login(sys.argv[3], sys.argv[4])\n"
            + "f.retrlines('LIST -a')\n"
            + "f.quit()\n";
        var result = await _runner.RunAsync(ClientTools.Require(ClientTools.Python), ["-c", Script, server.Host, server.Port.ToString(), server.User, server.Password]);
        Assert.True(result.Succeeded, result.Describe());
        return result.Stdout;
    }

    private async Task<ClientResult> CurlAsync(params string[] arguments)
    {
        var result = await _runner.RunAsync(ClientTools.Require("curl"), ["-sS", .. arguments]);
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }
}
