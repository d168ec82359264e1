using System.IO.Pipelines;
using Ferry.Core.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Ferry.Serving;

/// <summary>
/// Kestrel connection middleware in front of <c>UseHttps</c> (the implicit FTPS port, WebDAV over
/// HTTPS): while the TLS handshake runs, each read of the client's bytes first sends the ACK the
/// kernel holds back (<see cref="TcpAcknowledgements.SendPromptly"/>). After the server's flight Linux
/// acknowledges only on its 40 ms timer, and a client with Nagle's algorithm on (GnuTLS ones: wget,
/// lftp) holds its Finished until its ChangeCipherSpec is acknowledged: 40 ms per connection.
/// The explicit FTPS handshake (after AUTH TLS) does the same in the FTP session. Once the handshake is
/// done the reads go straight through: during requests TCP's own schedule lets the answer carry the ACK.
/// </summary>
public sealed class HandshakeAcknowledgementMiddleware(Action<ConnectionContext> acknowledge)
{
    /// <summary>
    /// A backstop should the handshake's end never be seen (no TLS feature on the connection): a TLS
    /// 1.2 or 1.3 handshake needs two or three reads of the client, a few more when its messages are split.
    /// </summary>
    public const int MaxHandshakeReads = 8;

    /// <summary>The middleware that acknowledges on the connection's socket (none: a test transport, nothing to do).</summary>
    public HandshakeAcknowledgementMiddleware()
        : this(static connection =>
        {
            if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                TcpAcknowledgements.SendPromptly(socket);
            }
        })
    {
    }

    /// <summary>For <c>ListenOptions.Use</c>, before <c>UseHttps</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new Duplex(new AcknowledgingReader(transport.Input, connection, acknowledge), transport.Output);
        return next(connection);
    };

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    /// <summary>The transport's reader; before each read of the handshake the acknowledgement is sent.</summary>
    private sealed class AcknowledgingReader(PipeReader inner, ConnectionContext connection, Action<ConnectionContext> acknowledge) : PipeReader
    {
        private int _handshakeReads;
        private bool _done;

        private void BeforeRead()
        {
            if (_done)
            {
                return;
            }

            // Kestrel's HTTPS middleware sets the feature before its handshake begins.
            if (connection.Features.Get<ISslStreamFeature>()?.SslStream.IsAuthenticated == true || ++_handshakeReads > MaxHandshakeReads)
            {
                _done = true;
                return;
            }

            acknowledge(connection);
        }

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            BeforeRead();
            return inner.ReadAsync(cancellationToken);
        }

        public override bool TryRead(out ReadResult result) => inner.TryRead(out result);

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
