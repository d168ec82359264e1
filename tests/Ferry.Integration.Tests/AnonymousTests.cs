namespace Ferry.Integration.Tests;

/// <summary>`--anonymous DIR`: `anonymous` with any password may read DIR and change nothing.</summary>
public sealed class AnonymousTests
{
    private readonly ITestOutputHelper _output;

    public AnonymousTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Anonymous_downloads_from_its_folder_but_may_not_store_make_or_delete()
    {
        var content = TestFiles.RandomBytes(20_000, seed: 41);
        var publicDir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ferry-it-pub-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            TestFiles.Write(publicDir, "hello.bin", content);
            await using var server = await FerryServer.StartAsync(_output, new() { ExtraArguments = ["--anonymous", publicDir] });
            await AssertReadOnlyAsync(server, publicDir, content);
        }
        finally
        {
            Directory.Delete(publicDir, recursive: true);
        }
    }

    [Fact]
    public async Task Without_the_flag_anonymous_is_refused()
    {
        await using var server = await FerryServer.StartAsync(_output);

        await using var client = await RawFtpClient.ConnectAsync(server.Host, server.Port);
        await client.ExpectAsync(220);
        await client.ExpectCommandAsync("USER anonymous", 331);
        await client.ExpectCommandAsync("PASS guest@example.com", 530);
    }

    private static async Task AssertReadOnlyAsync(FerryServer server, string publicDir, byte[] content)
    {
        await using var anonymous = await RawFtpClient.LogOnAsync(server, "anonymous", "guest@example.com");
        await anonymous.ExpectCommandAsync("TYPE I", 200);
        using (var data = await anonymous.OpenPassiveAsync())
        {
            await anonymous.ExpectCommandAsync("RETR hello.bin", 150);
            Assert.Equal(content, await RawFtpClient.ReadAllAsync(data));
            await anonymous.ExpectAsync(226);
        }

        await anonymous.ExpectCommandAsync("STOR new.bin", 550);
        await anonymous.ExpectCommandAsync("MKD newdir", 550);
        await anonymous.ExpectCommandAsync("DELE hello.bin", 550);
        Assert.False(File.Exists(Path.Combine(publicDir, "new.bin")), "STOR created a file");
        Assert.False(Directory.Exists(Path.Combine(publicDir, "newdir")), "MKD created a folder");
        TestFiles.AssertFileHolds(Path.Combine(publicDir, "hello.bin"), content);
        await anonymous.ExpectCommandAsync("NOOP", 200);
    }
}
