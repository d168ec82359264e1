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

    [GeneratedRegex(@"^.*\b(fail|crit): .*$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
