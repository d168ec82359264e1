using System.Text;

namespace Ferry.Integration.Tests;

/// <summary>What the server says when something goes wrong, and the IIS listing style.</summary>
public sealed class DiagnosticsTests
{
    private readonly ITestOutputHelper _output;

    public DiagnosticsTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task A_passive_connection_that_never_arrives_gets_425_naming_the_port_and_a_firewall()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string> { ["FERRY__FTP__DATACONNECTTIMEOUTSECONDS"] = "2" },
        });
        TestFiles.Write(server.RootDir, "file.txt", "never sent\n"u8.ToArray());
        await using var client = await RawFtpClient.LogOnAsync(server);

        var port = await client.PassivePortAsync();
        var reply = await client.CommandAsync("RETR file.txt");

        Assert.Equal(425, reply.Code);
        Assert.Contains(port.ToString(), reply.Text);
        Assert.Contains("firewall", reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(await server.WaitForOutputAsync($"arrived on port {port}", TimeSpan.FromSeconds(10)), "the missing data connection was not logged");
        Assert.Contains(server.Output.Split('\n'), line => line.Contains($"arrived on port {port}", StringComparison.Ordinal) && line.Contains("warn", StringComparison.Ordinal));
        await client.ExpectCommandAsync("NOOP", 200);
    }

    [Fact]
    public async Task MsDos_list_style_shows_folders_as_dir_like_iis()
    {
        await using var server = await FerryServer.StartAsync(_output, new()
        {
            Environment = new Dictionary<string, string> { ["FERRY__FTP__LISTSTYLE"] = "MsDos" },
        });
        Directory.CreateDirectory(Path.Combine(server.RootDir, "sub"));
        TestFiles.Write(server.RootDir, "five.txt", "12345"u8.ToArray());
        await using var client = await RawFtpClient.LogOnAsync(server);

        using var data = await client.OpenPassiveAsync();
        await client.ExpectCommandAsync("LIST", 150);
        var listing = Encoding.UTF8.GetString(await RawFtpClient.ReadAllAsync(data));
        await client.ExpectAsync(226);

        Assert.Matches(@"(?m)^\d{2}-\d{2}-\d{2}  \d{2}:\d{2}[AP]M       <DIR>          sub\r$", listing);
        Assert.Matches(@"(?m)^\d{2}-\d{2}-\d{2}  \d{2}:\d{2}[AP]M +5 five\.txt\r$", listing);
    }
}
