using System.Net;
using System.Net.Sockets;
using Ferry.Ftp.Data;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Tests.Data;

public sealed class SocketDataChannelFactoryTests : IDisposable
{
    // A safety net so that a broken accept fails the test instead of hanging it; not a measurement.
    private readonly CancellationTokenSource _hang = new(TimeSpan.FromSeconds(20));
    private readonly DataConnectionRegistry _registry = new();
    private readonly RecordingLogger<SocketDataChannelFactory> _logger = new();

    public void Dispose()
    {
        _registry.CloseAllAsync().GetAwaiter().GetResult();
        _hang.Dispose();
    }

    private SocketDataChannelFactory Factory(FtpOptions? options = null) =>
        new(options ?? new FtpOptions(), _registry, _logger);

    [Fact]
    public async Task PassiveAcceptsTheControlClientOverIPv4()
    {
        await AcceptsTheControlClient(IPAddress.Loopback);
    }

    [SkippableFact]
    public async Task PassiveAcceptsTheControlClientOverIPv6()
    {
        Skip.IfNot(Loopback.HasIPv6(), Loopback.NoIPv6);

        await AcceptsTheControlClient(IPAddress.IPv6Loopback);
    }

    private async Task AcceptsTheControlClient(IPAddress address)
    {
        var options = new FtpOptions { PassivePortLow = 23000, PassivePortHigh = 31999 };
        await using var listener = await Factory(options).ListenAsync(address, address, _hang.Token);
        Assert.NotNull(listener);
        Assert.Equal(address, listener.LocalEndPoint.Address);
        Assert.InRange(listener.LocalEndPoint.Port, 23000, 31999);

        using var client = await Loopback.ConnectAsync(listener.LocalEndPoint);
        await using var connection = await listener.AcceptAsync(_hang.Token);
        await client.SendAsync("hello"u8.ToArray(), SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);

        using var reader = new StreamReader(connection.Stream);
        Assert.Equal("hello", await reader.ReadToEndAsync(_hang.Token));
    }

    [Fact]
    public async Task PassiveBindsIPv4WhenTheControlConnectionIsAnIPv4MappedAddress()
    {
        var mapped = IPAddress.Loopback.MapToIPv6();
        await using var listener = await Factory().ListenAsync(mapped, mapped, _hang.Token);
        Assert.NotNull(listener);
        Assert.Equal(IPAddress.Loopback, listener.LocalEndPoint.Address);

        using var client = await Loopback.ConnectAsync(listener.LocalEndPoint);
        await using var connection = await listener.AcceptAsync(_hang.Token);
        Assert.True(connection.CanSendFile);
    }

    [Fact]
    public async Task PassiveRefusesAnotherHostAndStillAcceptsTheClient()
    {
        await using var listener = await Factory().ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(listener);
        var accept = listener.AcceptAsync(_hang.Token).AsTask();

        using var thief = await Loopback.ConnectAsync(listener.LocalEndPoint, from: Loopback.OtherIPv4);
        Assert.True(await Loopback.IsClosedByPeerAsync(thief, _hang.Token));
        Assert.False(accept.IsCompleted);

        using var client = await Loopback.ConnectAsync(listener.LocalEndPoint);
        await using var connection = await accept;
        await connection.Stream.WriteAsync("ok"u8.ToArray(), _hang.Token);
        await connection.CompleteAsync(_hang.Token);
        Assert.Equal("ok"u8.ToArray(), await Loopback.ReadToEndAsync(client, _hang.Token));

        var warning = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("127.0.0.2", warning.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAcceptedListenerStaysOpenForTheNextPasvAndDropsWhatQueuedBetweenTransfers()
    {
        await using var listener = await Factory().ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(listener);
        using var first = await Loopback.ConnectAsync(listener.LocalEndPoint);
        await using (await listener.AcceptAsync(_hang.Token))
        {
        }

        // Between transfers the port takes connections into its queue, but none is served...
        using var stray = await Loopback.ConnectAsync(listener.LocalEndPoint);

        // ...and the next PASV drops them before it names the port again.
        Assert.True(listener.TryReuse());
        var buffer = new byte[1];
        using var strayRead = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var strayGot = await ReadOrResetAsync(stray, buffer, strayRead.Token);
        Assert.Equal(0, strayGot);

        await AssertCarriesTheNextConnectionAsync(listener);
    }

    /// <summary>A client connects and sends a byte; the listener accepts it and the byte arrives.</summary>
    private async Task AssertCarriesTheNextConnectionAsync(IPassiveListener listener)
    {
        using var client = await Loopback.ConnectAsync(listener.LocalEndPoint);
        await using var connection = await listener.AcceptAsync(_hang.Token);
        await client.SendAsync(new byte[] { 42 }, _hang.Token);
        var received = new byte[1];
        Assert.Equal(1, await connection.Stream.ReadAsync(received, _hang.Token));
        Assert.Equal(42, received[0]);
    }

    [Fact]
    public async Task ThePasvDrainOnASocketThreadNeverWaitsBehindACancelledAccept()
    {
        // The server stopped this way: a PASV (running on the socket thread, as control connections'
        // steps do) dropped a stray connection with a blocking Accept, which .NET queued behind the
        // cancelled accept of the PASV before and left waiting for the listener's next event: an event
        // that only the blocked socket thread could deliver.
        await using var listener = await Factory().ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(listener);
        using (var cancel = new CancellationTokenSource())
        {
            var abandoned = listener.AcceptAsync(cancel.Token).AsTask();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }

        using var control = Loopback.Listen(IPAddress.Loopback);
        using var client = await Loopback.ConnectAsync((IPEndPoint)control.LocalEndPoint!);
        using var server = await control.AcceptAsync(_hang.Token);
        Assert.True(Ferry.Core.Net.SocketThreads.TrySetInlineCompletions(server, true), "this runtime cannot complete a socket on its socket thread");
        using var stray = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var drained = new TaskCompletionSource<(bool Reused, bool OnSocketThread)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var step = new SocketAsyncEventArgs();
        step.SetBuffer(new byte[1]);
        step.Completed += (_, _) =>
        {
            // The connection is in the kernel's queue before the drain; its event waits behind this step.
            stray.Connect(listener.LocalEndPoint);
            drained.SetResult((listener.TryReuse(), !Thread.CurrentThread.IsThreadPoolThread));
        };
        Assert.True(server.ReceiveAsync(step), "nothing was sent yet: the receive must wait for the client");

        await client.SendAsync(new byte[] { 1 }, _hang.Token);
        (bool Reused, bool OnSocketThread) result;
        try
        {
            result = await drained.Task.WaitAsync(TimeSpan.FromSeconds(10), _hang.Token);
        }
        catch (TimeoutException)
        {
            await listener.DisposeAsync(); // Frees the socket thread for the tests that follow.
            throw new Xunit.Sdk.XunitException("The drain waited on the socket thread: the whole server would stop.");
        }

        Assert.True(result.OnSocketThread, "the step must run on the socket thread for this test to mean anything");
        Assert.True(result.Reused);
        Assert.Equal(0, await ReadOrResetAsync(stray, new byte[1], _hang.Token));

        // The listener still serves the next transfer, past the cancelled accept.
        await AssertCarriesTheNextConnectionAsync(listener);
    }

    [Fact]
    public async Task WhenTheRangeIsFullAParkedListenersPortGoesToTheSessionThatNeedsOne()
    {
        var port = Loopback.FreePort(IPAddress.Loopback);
        var options = new FtpOptions { PassivePortLow = port, PassivePortHigh = port, PassivePortWait = TimeSpan.FromMilliseconds(200) };
        var factory = Factory(options);
        var parked = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(parked);
        using (await Loopback.ConnectAsync(parked.LocalEndPoint))
        await using (await parked.AcceptAsync(_hang.Token))
        {
        }

        await using var taken = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);

        Assert.NotNull(taken);
        Assert.Equal(port, taken.LocalEndPoint.Port);
        Assert.False(parked.TryReuse(), "the session whose port was taken must ask for a new one");
        await parked.DisposeAsync();
    }

    [Fact]
    public async Task AListenerWaitingForItsClientIsNeverTakenFromItsSession()
    {
        var port = Loopback.FreePort(IPAddress.Loopback);
        var options = new FtpOptions { PassivePortLow = port, PassivePortHigh = port, PassivePortWait = TimeSpan.FromMilliseconds(200) };
        var factory = Factory(options);
        await using var armed = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(armed);

        Assert.Null(await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token));
        Assert.True(armed.TryReuse());
    }

    private static async Task<int> ReadOrResetAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, cancellationToken);
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    [Fact]
    public async Task PassiveAcceptGivesUpWhenCancelled()
    {
        await using var listener = await Factory().ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(listener);
        using var cancel = new CancellationTokenSource();
        var accept = listener.AcceptAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accept);
    }

    [Fact]
    public async Task AFullRangeGivesNull()
    {
        var (low, held) = Loopback.HoldConsecutivePorts(3);
        try
        {
            var options = new FtpOptions { PassivePortLow = low, PassivePortHigh = low + 2, PassivePortWait = TimeSpan.Zero };

            var listener = await Factory(options).ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);

            Assert.Null(listener);
            Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task AFullRangeAnswersNullWhenTheWaitRunsOut()
    {
        var (low, held) = Loopback.HoldConsecutivePorts(2);
        try
        {
            var options = new FtpOptions { PassivePortLow = low, PassivePortHigh = low + 1, PassivePortWait = TimeSpan.FromMilliseconds(300) };

            var listener = await Factory(options).ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);

            Assert.Null(listener);
            Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task APasvOnAFullRangeGetsThePortAnotherSessionGivesBack()
    {
        var port = Loopback.FreePort(IPAddress.Loopback);
        var options = new FtpOptions { PassivePortLow = port, PassivePortHigh = port, PassivePortWait = TimeSpan.FromMinutes(5) };
        var factory = Factory(options);
        var first = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(first);

        var second = factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token).AsTask();
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();

        await using var listener = await second;
        Assert.NotNull(listener);
        Assert.Equal(port, listener.LocalEndPoint.Port);
    }

    [Fact]
    public async Task AWaitingPasvEndsWhenItsSessionCloses()
    {
        var port = Loopback.FreePort(IPAddress.Loopback);
        var options = new FtpOptions { PassivePortLow = port, PassivePortHigh = port, PassivePortWait = TimeSpan.FromMinutes(5) };
        var factory = Factory(options);
        await using var first = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        using var cancel = new CancellationTokenSource();

        var second = factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ATakenPortIsSkipped(int freeIndex)
    {
        var (low, held) = Loopback.HoldConsecutivePorts(3);
        held[freeIndex].Dispose();
        try
        {
            var options = new FtpOptions { PassivePortLow = low, PassivePortHigh = low + 2 };

            // Several seeds, so the free port is found by random probes and by the sweep alike.
            for (var seed = 0; seed < 8; seed++)
            {
                var factory = new SocketDataChannelFactory(options, _registry, _logger, new Random(seed));
                await using var listener = await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);

                Assert.NotNull(listener);
                Assert.Equal(low + freeIndex, listener.LocalEndPoint.Port);
            }
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task ThePortsOurOwnListenersHoldAreSkippedAndTheFreeOneIsFound()
    {
        var (low, held) = Loopback.HoldConsecutivePorts(3);
        held.ForEach(s => s.Dispose());
        var options = new FtpOptions { PassivePortLow = low, PassivePortHigh = low + 2, PassivePortWait = TimeSpan.Zero };

        // Several seeds, so the last free port is found by random probes and by the sweep alike.
        for (var seed = 0; seed < 8; seed++)
        {
            var factory = new SocketDataChannelFactory(options, _registry, _logger, new Random(seed));
            var listeners = new List<IPassiveListener>();
            try
            {
                for (var i = 0; i < 3; i++)
                {
                    listeners.Add(Assert.IsAssignableFrom<IPassiveListener>(await factory.ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token)));
                }

                Assert.Equal([low, low + 1, low + 2], listeners.Select(l => l.LocalEndPoint.Port).Order());
            }
            finally
            {
                foreach (var listener in listeners)
                {
                    await listener.DisposeAsync();
                }
            }
        }
    }

    [Fact]
    public async Task TwoSessionsNeverShareAPassivePort()
    {
        // .NET's ReuseAddress option also sets SO_REUSEPORT on Linux, which would let the second
        // listener share the first one's port and steal its data connection.
        var port = Loopback.FreePort(IPAddress.Loopback);
        var options = new FtpOptions { PassivePortLow = port, PassivePortHigh = port, PassivePortWait = TimeSpan.Zero };
        await using var first = await Factory(options).ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(first);

        var second = await Factory(options).ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);

        Assert.Null(second);
    }

    [Fact]
    public async Task ActiveConnectLeavesFromTheGivenLocalAddress()
    {
        using var server = Loopback.Listen(IPAddress.Any);
        var target = new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)server.LocalEndPoint!).Port);

        await using var connection = await Factory().ConnectAsync(target, Loopback.OtherIPv4, target.Address, _hang.Token);
        using var accepted = await server.AcceptAsync(_hang.Token);

        Assert.Equal(Loopback.OtherIPv4, ((IPEndPoint)accepted.RemoteEndPoint!).Address);
    }

    [SkippableFact]
    public async Task ActiveConnectWorksOverIPv6()
    {
        Skip.IfNot(Loopback.HasIPv6(), Loopback.NoIPv6);

        using var server = Loopback.Listen(IPAddress.IPv6Loopback);
        await using var connection = await Factory().ConnectAsync((IPEndPoint)server.LocalEndPoint!, IPAddress.IPv6Loopback, IPAddress.IPv6Loopback, _hang.Token);
        using var accepted = await server.AcceptAsync(_hang.Token);

        Assert.Equal(IPAddress.IPv6Loopback, ((IPEndPoint)accepted.RemoteEndPoint!).Address);
    }

    [Fact]
    public async Task ActiveConnectsFromTheConfiguredSourcePortEvenForTwoTransfersAtOnce()
    {
        var sourcePort = Loopback.FreePort(IPAddress.Loopback);
        var factory = Factory(new FtpOptions { ActiveSourcePort = sourcePort });
        using var first = Loopback.Listen(IPAddress.Loopback);
        using var second = Loopback.Listen(IPAddress.Loopback);

        await using var a = await factory.ConnectAsync((IPEndPoint)first.LocalEndPoint!, IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        await using var b = await factory.ConnectAsync((IPEndPoint)second.LocalEndPoint!, IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        using var acceptedA = await first.AcceptAsync(_hang.Token);
        using var acceptedB = await second.AcceptAsync(_hang.Token);

        Assert.Equal(sourcePort, ((IPEndPoint)acceptedA.RemoteEndPoint!).Port);
        Assert.Equal(sourcePort, ((IPEndPoint)acceptedB.RemoteEndPoint!).Port);
    }

    [Fact]
    public async Task ActiveFallsBackToAnyPortWhenTheSourcePortIsBusy()
    {
        using var squatter = Loopback.Listen(IPAddress.Loopback);
        var busyPort = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        using var server = Loopback.Listen(IPAddress.Loopback);

        await using var connection = await Factory(new FtpOptions { ActiveSourcePort = busyPort })
            .ConnectAsync((IPEndPoint)server.LocalEndPoint!, IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        using var accepted = await server.AcceptAsync(_hang.Token);

        Assert.NotEqual(busyPort, ((IPEndPoint)accepted.RemoteEndPoint!).Port);
    }

    [Fact]
    public async Task ActiveConnectToAClosedPortFailsAndLeavesNothingOpen()
    {
        var closedPort = Loopback.FreePort(IPAddress.Loopback);

        await Assert.ThrowsAsync<SocketException>(async () =>
            await Factory().ConnectAsync(new IPEndPoint(IPAddress.Loopback, closedPort), IPAddress.Loopback, IPAddress.Loopback, _hang.Token));

        Assert.Equal(0, _registry.Count);
    }

    [Fact]
    public async Task ActiveConnectRefusesMixedAddressFamilies()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await Factory().ConnectAsync(new IPEndPoint(IPAddress.Loopback, 2121), IPAddress.IPv6Loopback, IPAddress.Loopback, _hang.Token));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 9)]
    [InlineData(10, 70000)]
    public void AnImpossiblePassiveRangeIsRefusedAtConstruction(int low, int high)
    {
        var options = new FtpOptions { PassivePortLow = low, PassivePortHigh = high };

        Assert.Throws<ArgumentException>(() => Factory(options));
    }

    [Fact]
    public async Task WhatTheFactoryOpensIsRegisteredUntilDisposed()
    {
        var listener = await Factory().ListenAsync(IPAddress.Loopback, IPAddress.Loopback, _hang.Token);
        Assert.NotNull(listener);
        Assert.Equal(1, _registry.Count);

        using var client = await Loopback.ConnectAsync(listener.LocalEndPoint);
        var connection = await listener.AcceptAsync(_hang.Token);
        // The connection, and the listener parked for the session's next PASV (it still holds its port).
        Assert.Equal(2, _registry.Count);

        await connection.DisposeAsync();
        await listener.DisposeAsync();
        Assert.Equal(0, _registry.Count);
    }

    [Fact]
    public async Task ActiveConnectToAnotherHostIsRefusedBeforeAnyConnect()
    {
        using var server = Loopback.Listen(IPAddress.Loopback);
        var target = (IPEndPoint)server.LocalEndPoint!;

        await Assert.ThrowsAsync<DataConnectionRefusedException>(async () =>
            await Factory().ConnectAsync(target, IPAddress.Loopback, Loopback.OtherIPv4, _hang.Token));

        Assert.False(server.Poll(0, SelectMode.SelectRead), "a connection reached the refused target");
        Assert.Equal(0, _registry.Count);
    }

    [Fact]
    public async Task ActiveConnectToAnotherHostIsMadeWhenTheOptionsAllowIt()
    {
        using var server = Loopback.Listen(IPAddress.Loopback);
        var target = (IPEndPoint)server.LocalEndPoint!;

        await using var connection = await Factory(new FtpOptions { AllowActiveToOtherHosts = true })
            .ConnectAsync(target, IPAddress.Loopback, Loopback.OtherIPv4, _hang.Token);
        using var accepted = await server.AcceptAsync(_hang.Token);

        Assert.Equal(1, _registry.Count);
    }

    [Fact]
    public async Task ActiveConnectToAPrivilegedPortIsRefused()
    {
        await Assert.ThrowsAsync<DataConnectionRefusedException>(async () =>
            await Factory().ConnectAsync(new IPEndPoint(IPAddress.Loopback, 21), IPAddress.Loopback, IPAddress.Loopback, _hang.Token));
    }
}
