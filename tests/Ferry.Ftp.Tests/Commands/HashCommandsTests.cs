using System.Security.Cryptography;
using Ferry.Core.Identity;
using Ferry.Ftp.Tests.Support;

namespace Ferry.Ftp.Tests.Commands;

/// <summary>HASH, OPTS HASH and RANGE (draft-bryan-ftpext-hash) through a whole session.</summary>
public sealed class HashCommandsTests
{
    private static readonly byte[] Content = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 7))];

    private static async Task<FtpTestServer> WithFileAsync(FtpOptions? options = null, Permissions permissions = Permissions.All)
    {
        var server = new FtpTestServer(options, permissions: permissions);
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "f.bin"), Content);
        await server.LogOnAsync();
        return server;
    }

    [Fact]
    public async Task Hash_gives_the_sha256_of_the_whole_file_by_default()
    {
        await using var server = await WithFileAsync();

        var reply = await server.CommandAsync("HASH f.bin", 213);

        Assert.Equal($"213 SHA-256 0-1000 {Convert.ToHexStringLower(SHA256.HashData(Content))} f.bin", reply.Text);
    }

    [Theory]
    [InlineData("SHA-512")]
    [InlineData("sha-1")]
    [InlineData("MD5")]
    public async Task Opts_hash_selects_the_algorithm_and_feat_marks_it(string name)
    {
        await using var server = await WithFileAsync();

        var selected = await server.CommandAsync($"OPTS HASH {name}", 200);
        var reply = await server.CommandAsync("HASH f.bin", 213);
        var feat = await server.CommandAsync("FEAT", 211);

        var canonical = name.ToUpperInvariant();
        Assert.Equal($"200 {canonical}", selected.Text);
        byte[] expected = canonical switch
        {
            "SHA-512" => SHA512.HashData(Content),
            "SHA-1" => SHA1.HashData(Content),
            _ => MD5.HashData(Content),
        };
        Assert.Equal($"213 {canonical} 0-1000 {Convert.ToHexStringLower(expected)} f.bin", reply.Text);
        Assert.Contains($"{canonical}*", feat.Lines.Single(l => l.StartsWith(" HASH ", StringComparison.Ordinal)));
        Assert.Equal("200 " + canonical, (await server.CommandAsync("OPTS HASH", 200)).Text);
    }

    [Fact]
    public async Task Feat_lists_hash_with_the_default_marked_and_range_stream()
    {
        await using var server = await WithFileAsync();

        var feat = await server.CommandAsync("FEAT", 211);

        Assert.Contains(" HASH SHA-256*;SHA-512;SHA-1;MD5", feat.Lines);
        Assert.Contains(" RANGE STREAM", feat.Lines);
    }

    [Fact]
    public async Task Opts_hash_with_an_unknown_algorithm_is_504_and_keeps_the_old_one()
    {
        await using var server = await WithFileAsync();

        await server.CommandAsync("OPTS HASH CRC32", 504);

        Assert.Equal("200 SHA-256", (await server.CommandAsync("OPTS HASH", 200)).Text);
    }

    [Fact]
    public async Task Range_limits_the_next_hash_to_its_bytes_both_ends_included_then_resets()
    {
        await using var server = await WithFileAsync();

        await server.CommandAsync("RANGE 10 19", 350);
        var part = await server.CommandAsync("HASH f.bin", 213);
        var whole = await server.CommandAsync("HASH f.bin", 213);

        Assert.Equal($"213 SHA-256 10-19 {Convert.ToHexStringLower(SHA256.HashData(Content.AsSpan(10, 10)))} f.bin", part.Text);
        Assert.StartsWith("213 SHA-256 0-1000 ", whole.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Range_1_0_resets_the_range()
    {
        await using var server = await WithFileAsync();

        await server.CommandAsync("RANGE 10 19", 350);
        await server.CommandAsync("RANGE 1 0", 350);

        Assert.StartsWith("213 SHA-256 0-1000 ", (await server.CommandAsync("HASH f.bin", 213)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_beyond_the_end_of_the_file_is_556()
    {
        await using var server = await WithFileAsync();

        await server.CommandAsync("RANGE 900 1000", 350);

        await server.CommandAsync("HASH f.bin", 556);
    }

    [Theory]
    [InlineData("RANGE 5")]
    [InlineData("RANGE a b")]
    [InlineData("RANGE -1 5")]
    [InlineData("RANGE 9 2")]
    [InlineData("RANGE 1 2 3")]
    public async Task A_malformed_range_is_501(string command)
    {
        await using var server = await WithFileAsync();

        await server.CommandAsync(command, 501);
    }

    [Theory]
    [InlineData("HASH missing.bin", 550)]
    [InlineData("HASH", 501)]
    public async Task Hash_of_nothing_is_refused(string command, int code)
    {
        await using var server = await WithFileAsync();

        await server.CommandAsync(command, code);
    }

    [Fact]
    public async Task Hash_of_a_folder_is_550()
    {
        await using var server = await WithFileAsync();
        await server.CommandAsync("MKD sub", 257);

        await server.CommandAsync("HASH sub", 550);
    }

    [Fact]
    public async Task Hash_needs_the_read_right()
    {
        await using var server = await WithFileAsync(permissions: Permissions.All & ~Permissions.Read);

        var reply = await server.CommandAsync("HASH f.bin", 550);

        Assert.Contains("permission denied", reply.Text);
    }

    [Fact]
    public async Task A_slow_hash_answers_noop_meanwhile_and_abor_stops_it()
    {
        // 1 KiB/s over 1 MiB: the hash would take 17 minutes; only ABOR can end it within the test.
        await using var server = new FtpTestServer(new FtpOptions { HashBytesPerSecond = 1024, DataConnectTimeout = TimeSpan.FromSeconds(5) });
        await File.WriteAllBytesAsync(Path.Combine(server.Root, "big.bin"), new byte[1024 * 1024]);
        await server.LogOnAsync();

        await server.SendAsync("HASH big.bin");
        await server.CommandAsync("NOOP", 200);
        Assert.Contains("HASH /big.bin", (await server.CommandAsync("STAT", 211)).Text);
        await server.SendAsync("ABOR");

        Assert.Contains("aborted", (await server.ExpectAsync(426)).Text);
        await server.ExpectAsync(226);
        await server.CommandAsync("PWD", 257);
    }
}
