using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Data;

/// <summary>Data connections over real sockets: passive listeners on the configured port range and active connects.</summary>
public sealed partial class SocketDataChannelFactory : IDataChannelFactory
{
    /// <summary>One client connects to a passive port; a short queue is all it needs.</summary>
    internal const int ListenBacklog = 2;

    /// <summary>How often a PASV waiting for a free port looks again when no listener of ours closed.</summary>
    private static readonly TimeSpan PortRetryInterval = TimeSpan.FromSeconds(1);

    private readonly FtpOptions _options;
    private readonly DataConnectionRegistry _registry;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _portReturned = new(0);
    private readonly System.Collections.Concurrent.ConcurrentQueue<int> _returnedPorts = new();

    // Listeners parked between their session's transfers, oldest first: when the range runs out,
    // their ports go to sessions that need one now (each listener is queued once; see MarkQueued).
    private readonly System.Collections.Concurrent.ConcurrentQueue<SocketPassiveListener> _parkedListeners = new();
    private readonly int _rangeSize;
    private readonly HeldPorts _held;
    private readonly IdlePassiveListeners _idle;
    private int _openListeners;
    private int _waiting;
    private volatile bool _sourcePortDenied;

    public SocketDataChannelFactory(FtpOptions options, DataConnectionRegistry registry, ILogger<SocketDataChannelFactory> logger)
        : this(options, registry, logger, Random.Shared, TimeProvider.System)
    {
    }

    internal SocketDataChannelFactory(FtpOptions options, DataConnectionRegistry registry, ILogger logger, Random random, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.PassivePortLow is < 1 or > 65535 || options.PassivePortHigh is < 1 or > 65535 || options.PassivePortLow > options.PassivePortHigh)
        {
            throw new ArgumentException($"The passive port range {options.PassivePortLow}-{options.PassivePortHigh} is not a range of ports.", nameof(options));
        }

        if (options.ActiveSourcePort is < 0 or > 65535)
        {
            throw new ArgumentException($"The active source port {options.ActiveSourcePort} is not a port.", nameof(options));
        }

        _options = options;
        _registry = registry;
        _logger = logger;
        _random = random;
        _time = time ?? TimeProvider.System;
        _rangeSize = options.PassivePortHigh - options.PassivePortLow + 1;
        _held = new HeldPorts(options.PassivePortLow, options.PassivePortHigh);
        _idle = new IdlePassiveListeners(random, _time);
        Policy = DataConnectionPolicy.From(options);
    }

    public DataConnectionPolicy Policy { get; }

    public async ValueTask<IPassiveListener?> ListenAsync(IPAddress localAddress, IPAddress clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(clientAddress);
        cancellationToken.ThrowIfCancellationRequested();

        var bindAddress = DataSockets.Bindable(localAddress);
        var deadline = _time.GetTimestamp() + (long)(_options.PassivePortWait.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            // A listener another session is done with costs no system call but the check for strays.
            var listener = _idle.TryTake(bindAddress, clientAddress) ?? TryReturnedPort(bindAddress, clientAddress);
            if (listener is null && Volatile.Read(ref _openListeners) < _rangeSize)
            {
                // Scanning a range that our own listeners fill would cost a failed bind per port.
                listener = TryListenInRange(bindAddress, clientAddress);
            }

            listener ??= TryReclaimParked(bindAddress, clientAddress);

            if (listener is not null)
            {
                return listener;
            }

            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                LogRangeExhausted(_logger, _options.PassivePortLow, _options.PassivePortHigh, bindAddress);
                return null;
            }

            // Each port one of our listeners gives back wakes one waiter and is handed to it, so a
            // queue of waiters costs a bind each, not a scan of the range each. Ports held by other
            // programs are looked for again on a slower interval.
            Interlocked.Increment(ref _waiting);
            try
            {
                await _portReturned.WaitAsync(remaining < PortRetryInterval ? remaining : PortRetryInterval, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    private SocketPassiveListener? TryReturnedPort(IPAddress bindAddress, IPAddress clientAddress)
    {
        while (_returnedPorts.TryDequeue(out var port))
        {
            if (TryListen(bindAddress, port) is { } socket)
            {
                return Register(socket, clientAddress);
            }
        }

        return null;
    }

    private SocketPassiveListener? TryListenInRange(IPAddress bindAddress, IPAddress clientAddress)
    {
        foreach (var port in PassivePortCandidates.Enumerate(_options.PassivePortLow, _options.PassivePortHigh, _random))
        {
            if (!_held.IsHeld(bindAddress, port) && TryListen(bindAddress, port) is { } socket)
            {
                return Register(socket, clientAddress);
            }
        }

        return null;
    }

    /// <summary>
    /// Every port is held: closes the listener parked longest (its session is between transfers and
    /// will be given a new port at its next PASV) and takes its port.
    /// </summary>
    private SocketPassiveListener? TryReclaimParked(IPAddress bindAddress, IPAddress clientAddress)
    {
        var otherFamily = new List<SocketPassiveListener>();
        try
        {
            while (_parkedListeners.TryDequeue(out var parked))
            {
                parked.UnmarkQueued();
                if (parked.LocalEndPoint.Address.AddressFamily != bindAddress.AddressFamily)
                {
                    otherFamily.Add(parked);
                    continue;
                }

                // A listener armed again meanwhile re-queues itself when it parks next.
                if (parked.TryReclaim() && TryListen(bindAddress, parked.LocalEndPoint.Port) is { } socket)
                {
                    return Register(socket, clientAddress);
                }
            }

            return null;
        }
        finally
        {
            foreach (var parked in otherFamily.Where(p => p.IsParked && p.MarkQueued()))
            {
                _parkedListeners.Enqueue(parked);
            }
        }
    }

    private void OnParked(SocketPassiveListener listener)
    {
        if (listener.MarkQueued())
        {
            _parkedListeners.Enqueue(listener);
        }
    }

    private SocketPassiveListener Register(Socket socket, IPAddress clientAddress)
    {
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var port = local.Port;
        var listener = new SocketPassiveListener(socket, clientAddress, Policy, _registry, _options.CopyToLocalClients, _logger, () => OnListenerClosed(local.Address, port), OnParked, OnReleased);
        if (!_registry.TryAdd(listener))
        {
            socket.Dispose();
            throw new ObjectDisposedException(nameof(DataConnectionRegistry), "The server is shutting down; no new data connections.");
        }

        Interlocked.Increment(ref _openListeners);
        _held.Add(local.Address, port);
        return listener;
    }

    /// <summary>A session is done with its listener: kept open for the next PASV, which a waiting one may be.</summary>
    private void OnReleased(SocketPassiveListener listener)
    {
        _idle.Add(listener);
        if (Volatile.Read(ref _waiting) > 0)
        {
            _portReturned.Release();
        }
    }

    private void OnListenerClosed(IPAddress address, int port)
    {
        _held.Remove(address, port);
        Interlocked.Decrement(ref _openListeners);
        if (Volatile.Read(ref _waiting) > 0)
        {
            _returnedPorts.Enqueue(port);
            _portReturned.Release();
        }
    }

    public async ValueTask<IDataConnection> ConnectAsync(IPEndPoint target, IPAddress localAddress, IPAddress clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(clientAddress);
        if (Policy.CheckActiveTarget(target, clientAddress) is { } refusal)
        {
            // PORT/EPRT refused this already; reaching here means a caller skipped the check.
            throw new DataConnectionRefusedException($"Active mode to {target} refused for a client at {clientAddress}: {refusal} (RFC 2577).");
        }

        var source = DataSockets.Bindable(localAddress);
        var destination = new IPEndPoint(DataSockets.Bindable(target.Address), target.Port);
        if (source.AddressFamily != destination.AddressFamily)
        {
            throw new ArgumentException($"Cannot connect from {source} to {destination}: the address families differ.", nameof(target));
        }

        var socket = DataSockets.CreateTcp(source.AddressFamily);
        try
        {
            BindSource(socket, source);
            await socket.ConnectAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return SocketDataConnection.Open(socket, _registry, _options.CopyToLocalClients);
    }

    /// <summary>A listening socket on the port, or null when the port is taken (by anyone: another session, another program).</summary>
    private static Socket? TryListen(IPAddress address, int port)
    {
        var socket = DataSockets.CreateTcp(address.AddressFamily);
        try
        {
            socket.Bind(new IPEndPoint(address, port));

            // With SO_REUSEADDR, binding beside a socket that is bound but not yet listening succeeds
            // and listen() is where the clash shows.
            socket.Listen(ListenBacklog);
            return socket;
        }
        catch (SocketException ex) when (IsPortTaken(ex.SocketErrorCode))
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Windows reports ports reserved by the system (Hyper-V, excluded ranges) as access denied.</summary>
    private static bool IsPortTaken(SocketError error) =>
        error is SocketError.AddressAlreadyInUse or SocketError.AccessDenied;

    /// <summary>
    /// Leaves from the control connection's address, so the client sees the data connection come
    /// from the host it talks to; from the configured source port when the process may bind it.
    /// </summary>
    private void BindSource(Socket socket, IPAddress source)
    {
        if (_options.ActiveSourcePort > 0 && !_sourcePortDenied)
        {
            try
            {
                socket.Bind(new IPEndPoint(source, _options.ActiveSourcePort));
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
            {
                // The right to bind a low port does not come back while the process runs: say it once.
                if (!_sourcePortDenied)
                {
                    _sourcePortDenied = true;
                    LogSourcePortDenied(_logger, _options.ActiveSourcePort);
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // A local listener holds the port, or (where SO_REUSEADDR is not set) another active
                // transfer does: this transfer matters more than its source port.
                LogSourcePortBusy(_logger, _options.ActiveSourcePort);
            }
        }

        socket.Bind(new IPEndPoint(source, 0));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No free passive port in {Low}-{High} on {Address}.")]
    private static partial void LogRangeExhausted(ILogger logger, int low, int high, IPAddress address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Active-mode source port {Port} may not be bound by this process; active connections leave from any port.")]
    private static partial void LogSourcePortDenied(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Active-mode source port {Port} is in use; this connection leaves from any port.")]
    private static partial void LogSourcePortBusy(ILogger logger, int port);
}
