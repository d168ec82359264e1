namespace Ferry.Integration.Tests;

/// <summary>
/// Python's ftplib.FTP_TLS with PROT P. It does not resume the control connection's TLS session on
/// data connections, so these pass only because the server does not require resumption.
/// </summary>
public sealed class FtpsPythonFtplibTests
{
    private readonly ITestOutputHelper _output;
    private readonly PythonScript _python;

    public FtpsPythonFtplibTests(ITestOutputHelper output)
    {
        _output = output;
        _python = new PythonScript(output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Protected_transfers_and_listings_work_without_tls_session_reuse(bool active)
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "ftps.py", ipv6: false, active));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Truncated_protected_uploads_and_failed_data_handshakes_commit_nothing(bool active)
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "truncation.py", ipv6: false, active));
    }

    [Fact]
    public async Task The_setting_for_clients_without_close_notify_keeps_their_uploads()
    {
        // The same script fails at its first check when the server keeps uploads ended by a bare FIN:
        // proof that the script really ends them without close_notify.
        await using var server = await FerryServer.StartAsync(_output, new FerryServerOptions
        {
            Environment = new Dictionary<string, string> { ["FERRY__TLS__ALLOWUPLOADWITHOUTCLOSENOTIFY"] = "true" },
        });
        var result = await _python.RunAsync(server, "truncation.py", ipv6: false, active: false);
        Assert.False(result.Succeeded, result.Describe());
        Assert.Contains("a STOR ended by FIN without close_notify gets 426", result.Stdout + result.Stderr);
        Assert.Contains("got success", result.Stdout + result.Stderr);
    }
}
