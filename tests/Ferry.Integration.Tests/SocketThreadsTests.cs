using System.Runtime.Versioning;

namespace Ferry.Integration.Tests;

/// <summary>
/// Performance:RunOnSocketThreads and Performance:SocketThreads reach .NET, which reads its switches
/// once, before the first socket: with the first, half the CPUs' worth of socket threads (at least
/// one) run the connections' work, or as many as the second says; without it, the one thread .NET
/// starts below 45 CPUs only hands events to the pool.
/// </summary>
public sealed class SocketThreadsTests
{
    private readonly ITestOutputHelper _output;

    public SocketThreadsTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public async Task By_default_on_linux_every_two_cpus_have_a_socket_thread()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "threads are counted in /proc");
        await using var server = await FerryServer.StartAsync(_output);

        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), SocketThreads(server.ProcessId));
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("PWD", 257);
    }

    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public async Task The_configured_number_of_socket_threads_is_started_whatever_the_cpus()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "threads are counted in /proc");
        // A count the default would not choose on this machine.
        var wanted = Environment.ProcessorCount is 6 or 7 ? 4 : 3;
        await using var server = await FerryServer.StartAsync(_output, new FerryServerOptions
        {
            Environment = new Dictionary<string, string> { ["FERRY__PERFORMANCE__SOCKETTHREADS"] = $"{wanted}" },
        });

        Assert.Equal(wanted, SocketThreads(server.ProcessId));
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("PWD", 257);
    }

    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public async Task Turned_off_the_server_keeps_dotnets_one_socket_thread_and_still_serves()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "threads are counted in /proc");
        Skip.If(Environment.ProcessorCount is < 2 or >= 45, ".NET's own count is one only from 1 to 44 CPUs, and with one CPU both ways give one");
        await using var server = await FerryServer.StartAsync(_output, new FerryServerOptions
        {
            Environment = new Dictionary<string, string> { ["FERRY__PERFORMANCE__RUNONSOCKETTHREADS"] = "false" },
        });

        Assert.Equal(1, SocketThreads(server.ProcessId));
        await using var client = await RawFtpClient.LogOnAsync(server);
        await client.ExpectCommandAsync("PWD", 257);
    }

    /// <summary>The threads .NET names ".NET Sockets" (its SocketAsyncEngine's event loops).</summary>
    private static int SocketThreads(int processId) =>
        Directory.GetDirectories($"/proc/{processId}/task")
            .Count(task => File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Sockets");
}
