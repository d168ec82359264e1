using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Ferry.Tests;

/// <summary>A Kestrel connection over in-memory pipes, for connection middleware tests: the client end reads what the server wrote.</summary>
internal sealed class TestConnection : IDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();

    public TestConnection(IPAddress remote)
    {
        Context = new DefaultConnectionContext(
            "c1",
            new DuplexPipe(_toServer.Reader, _toClient.Writer),
            new DuplexPipe(_toClient.Reader, _toServer.Writer))
        {
            RemoteEndPoint = new IPEndPoint(remote, 50000),
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 2121),
        };
    }

    public DefaultConnectionContext Context { get; }

    /// <summary>Everything the server wrote, up to the end it signalled by completing its output.</summary>
    public async Task<string> ReadAllAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)); // A guard against a hang, not a measure.
        var text = new StringBuilder();
        while (true)
        {
            var result = await _toClient.Reader.ReadAsync(timeout.Token);
            foreach (var segment in result.Buffer)
            {
                text.Append(Encoding.UTF8.GetString(segment.Span));
            }

            _toClient.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return text.ToString();
            }
        }
    }

    public void Dispose() => Context.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
