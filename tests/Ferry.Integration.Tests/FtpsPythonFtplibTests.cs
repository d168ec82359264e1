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
}
