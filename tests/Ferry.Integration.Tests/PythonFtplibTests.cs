namespace Ferry.Integration.Tests;

/// <summary>Python's ftplib, the client behind many scripts and tools, over IPv4 and IPv6 in both data-connection modes.</summary>
public sealed class PythonFtplibTests
{
    private readonly ITestOutputHelper _output;
    private readonly PythonScript _python;

    public PythonFtplibTests(ITestOutputHelper output)
    {
        _output = output;
        _python = new PythonScript(output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Transfers_resume_append_rename_stou_and_navigation_work_over_ipv4(bool active)
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "transfers.py", ipv6: false, active));
    }

    [Ipv6Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Transfers_resume_append_rename_stou_and_navigation_work_over_ipv6(bool active)
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "transfers.py", ipv6: true, active));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Abort_stops_a_large_download_and_the_session_goes_on(bool active)
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "abort.py", ipv6: false, active));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Broken_overwrite_keeps_the_old_file_and_lists_no_temporary_file(bool active)
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "overwrite.py", ipv6: false, active, "--phase", "break"));
    }

    [Fact]
    public async Task Server_killed_mid_overwrite_keeps_the_old_file_after_restart()
    {
        await using var server = await FerryServer.StartAsync(_output);
        var killed = await _python.RunAsync(server, "overwrite.py", ipv6: false, active: false, "--phase", "kill", "--pid", server.ProcessId.ToString());
        PythonScript.AssertPassed(killed);
        Assert.NotEmpty(TemporaryUploads(server.RootDir)); // The kill really hit mid-upload.

        await server.RestartAsync();
        Assert.Empty(TemporaryUploads(server.RootDir)); // Start-up removed what the crash left.

        PythonScript.AssertPassed(await _python.RunAsync(server, "overwrite.py", ipv6: false, active: false, "--phase", "verify"));
    }

    [Fact]
    public async Task Protocol_errors_are_refused_and_the_session_goes_on_over_ipv4()
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "protocol_errors.py", ipv6: false, active: false));
    }

    [Ipv6Fact]
    public async Task Protocol_errors_are_refused_and_the_session_goes_on_over_ipv6()
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "protocol_errors.py", ipv6: true, active: false));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Extensions_hash_range_avbl_clnt_lang_mode_z_and_raw_names_work(bool active)
    {
        await using var server = await FerryServer.StartAsync(_output);
        PythonScript.AssertPassed(await _python.RunAsync(server, "extensions.py", ipv6: false, active));
    }

    private static string[] TemporaryUploads(string root) =>
        Directory.GetFiles(root, ".ferry-upload-*", SearchOption.AllDirectories);
}
