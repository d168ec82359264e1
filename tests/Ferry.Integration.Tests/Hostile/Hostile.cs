using System.Text;
using System.Text.RegularExpressions;

namespace Ferry.Integration.Tests;

/// <summary>
/// What every test of the hostile suite checks after its attack: a well-behaved client is still
/// served in full, and the server logged no unhandled error while it was attacked.
/// </summary>
public static partial class Hostile
{
    /// <summary>Any single step of an attack on loopback ends well within this, or the server is hung.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>curl uploads a file and reads it back whole, as an ordinary user would after the attack.</summary>
    public static async Task AssertStillServesAsync(FerryServer server, ITestOutputHelper output)
    {
        var runner = new ClientRunner(output);
        var curl = ClientTools.Require("curl");
        var name = "well-behaved-" + Guid.NewGuid().ToString("N")[..8] + ".bin";
        var content = TestFiles.RandomBytes(256 * 1024, seed: name.Length);
        var local = TestFiles.Write(server.ClientDir, name, content);
        var upload = await runner.RunAsync(curl, ["-sS", "--fail", "--max-time", "30", "--user", server.Credentials, "-T", local, server.Url(name)]);
        Assert.True(upload.Succeeded, "a well-behaved upload after the attack failed: " + upload.Describe());
        var copy = Path.Combine(server.ClientDir, name + ".back");
        var download = await runner.RunAsync(curl, ["-sS", "--fail", "--max-time", "30", "--user", server.Credentials, "-o", copy, server.Url(name)]);
        Assert.True(download.Succeeded, "a well-behaved download after the attack failed: " + download.Describe());
        TestFiles.AssertFileHolds(copy, content);
        AssertNoUnhandledError(server);
    }

    /// <summary>
    /// Hostile input is a reason for a reply, never for an exception the server did not expect: no
    /// "fail:"/"crit:" console line (the simple formatter's Error and Critical) and no "Unhandled".
    /// </summary>
    public static void AssertNoUnhandledError(FerryServer server)
    {
        var output = server.Output;
        var bad = ErrorLine().Matches(output).Select(m => m.Value).ToList();
        Assert.True(bad.Count == 0, "the server logged errors under attack:\n" + string.Join('\n', bad));
        Assert.DoesNotContain("Unhandled", output, StringComparison.Ordinal);
    }

    /// <summary>One CRLF-ended line, read byte by byte (nothing is read past it); null at the end of the stream.</summary>
    public static async Task<string?> ReadLineAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(one, timeout.Token);
            }
            catch (IOException)
            {
                read = 0; // A reset or a TLS connection closed without close_notify: the end all the same.
            }

            if (read == 0)
            {
                return line.Count == 0 ? null : Encoding.UTF8.GetString([.. line]);
            }

            if (one[0] == '\n')
            {
                return Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
            }

            line.Add(one[0]);
        }
    }

    /// <summary>Every line the server sends until it closes the connection.</summary>
    public static async Task<List<string>> LinesUntilClosedAsync(Stream stream)
    {
        var lines = new List<string>();
        while (await ReadLineAsync(stream) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Every byte the peer sends until it closes (or resets) the connection.</summary>
    public static async Task<byte[]> ReadUntilClosedAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // Reset instead of closed: what arrived before it is the answer.
        }
        return received.ToArray();
    }

    [GeneratedRegex(@"^.*\b(fail|crit): .*$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
