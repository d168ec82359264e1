using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using Ferry.Ftp.Data;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Tests.Support;

/// <summary>
/// Data channels over in-memory pipes. PASV/EPSV give a listener whose accepted connection's other
/// end the test takes from <see cref="ClientEnds"/>; PORT/EPRT "connect" the same way.
/// </summary>
internal sealed class InMemoryDataChannels(DataConnectionPolicy policy) : IDataChannelFactory
{
    private int _nextPort = 20000;
    private int _serverWrites;

    public DataConnectionPolicy Policy => policy;

    /// <summary>When false, passive listeners never see a connection (a firewall ate it).</summary>
    public bool ClientConnects { get; set; } = true;

    /// <summary>When set, accepting a passive connection throws this (a bug or backend failure).</summary>
    public Exception? AcceptFailure { get; set; }

    /// <summary>When true, the passive range is exhausted.</summary>
    public bool Exhausted { get; set; }

    public ConcurrentQueue<IPEndPoint> ActiveTargets { get; } = new();

    /// <summary>Writes the server made on its ends of the data connections (a send each on a socket).</summary>
    public int ServerWrites => Volatile.Read(ref _serverWrites);

    /// <summary>The client's end of each data connection, in order of creation.</summary>
    public BlockingCollection<PipeTransportStream> ClientEnds { get; } = new();

    public ValueTask<IPassiveListener?> ListenAsync(IPAddress localAddress, IPAddress clientAddress, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IPassiveListener?>(Exhausted ? null : new Listener(this, new IPEndPoint(localAddress, Interlocked.Increment(ref _nextPort))));

    public ValueTask<IDataConnection> ConnectAsync(IPEndPoint target, IPAddress localAddress, IPAddress clientAddress, CancellationToken cancellationToken)
    {
        if (policy.CheckActiveTarget(target, clientAddress) is { } refusal)
        {
            throw new DataConnectionRefusedException($"refused: {refusal}");
        }

        ActiveTargets.Enqueue(target);
        return ValueTask.FromResult(Connect());
    }

    private IDataConnection Connect()
    {
        var toClient = new Pipe();
        var toServer = new Pipe();
        ClientEnds.Add(new PipeTransportStream(toClient.Reader, toServer.Writer));
        return new Connection(new PipeTransportStream(toServer.Reader, toClient.Writer), () => Interlocked.Increment(ref _serverWrites));
    }

    private sealed class Listener(InMemoryDataChannels owner, IPEndPoint endPoint) : IPassiveListener
    {
        public IPEndPoint LocalEndPoint => endPoint;

        public async ValueTask<IDataConnection> AcceptAsync(CancellationToken cancellationToken)
        {
            if (owner.AcceptFailure is { } failure)
            {
                throw failure;
            }

            if (!owner.ClientConnects)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return owner.Connect();
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Connection(PipeTransportStream stream, Action written) : IDataConnection
    {
        private readonly WriteCountingStream _counting = new(stream, written);

        public Stream Stream => _counting;

        public bool CanSendFile => false;

        public ValueTask SendFileAsync(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public bool CanReceiveToFile => false;

        public ValueTask<long> ReceiveToFileAsync(Core.Storage.IReceivableFile file, Action<long> progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask CompleteAsync(CancellationToken cancellationToken)
        {
            stream.CompleteWriting();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            stream.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
