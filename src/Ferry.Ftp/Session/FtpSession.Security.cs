using System.Net.Security;
using System.Security.Authentication;
using Ferry.Core.Access;
using Ferry.Ftp.Data;
using Ferry.Ftp.Protocol;
using Ferry.Ftp.Tls;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Session;

/// <summary>FTPS state (RFC 2228, RFC 4217): the control connection's TLS upgrade and the data connections' protection.</summary>
public sealed partial class FtpSession
{
    private bool _tlsUpgradeRequested;

    /// <summary>True once the control connection runs over TLS (after AUTH TLS, or from the start on the implicit port).</summary>
    public bool ControlProtected { get; private set; }

    /// <summary>PBSZ was given (or is implied, on the implicit port); PROT needs it (RFC 4217 section 9).</summary>
    public bool ProtectionBufferSet { get; set; }

    public DataProtection DataProtection { get; set; }

    /// <summary>The logon was anonymous; Required mode may let it stay in the clear.</summary>
    public bool AnonymousLogon { get; private set; }

    /// <summary>
    /// The protection state of a fresh session on this connection. REIN returns to it too: a TLS
    /// control connection stays TLS (SslStream cannot unwrap it), but PBSZ and PROT start over as
    /// right after the handshake (RFC 4217 section 7: REIN resets the security state).
    /// </summary>
    internal void ResetProtection()
    {
        // On the implicit port the control is TLS from the first byte; like vsftpd and FileZilla
        // Server, data is then protected by default too, and PBSZ is implied.
        ProtectionBufferSet = Connection.ImplicitTls;
        DataProtection = Connection.ImplicitTls ? DataProtection.Private : DataProtection.Clear;
    }

    /// <summary>The control connection as the access service weighs it: protected or not, and what this server demands.</summary>
    internal AccessChannel AccessChannel => new(ProtocolName, Connection.ClientAddress, ControlProtected, LogonProtection);

    /// <summary>
    /// Required mode demands TLS for every logon but anonymous (when allowed), whose password is no
    /// secret; the access service applies it.
    /// </summary>
    private LogonProtection LogonProtection =>
        !(Tls.Enabled && Tls.Mode == FtpTlsMode.Required) ? LogonProtection.Optional
        : Tls.AllowPlainAnonymous ? LogonProtection.RequiredExceptAnonymous
        : LogonProtection.Required;

    /// <summary>True when Required mode refuses a clear data connection for this logon (RFC 4217 section 9: 521).</summary>
    internal bool RefusesClearData =>
        Tls.Enabled && Tls.Mode == FtpTlsMode.Required && DataProtection == DataProtection.Clear
        && !(Tls.AllowPlainAnonymous && AnonymousLogon);

    /// <summary>
    /// True when the account's own policy (Data: Require) refuses a clear data connection, whatever
    /// the endpoint allows. Read from the account's files, so a reload's change counts from the next transfer.
    /// </summary>
    internal bool AccountRefusesClearData =>
        DataProtection == DataProtection.Clear && Files?.Account.Policy.Tls.RequiresProtectedData == true;

    /// <summary>AUTH TLS has been answered 234: the command loop drops what followed and runs the handshake.</summary>
    internal void RequestTlsUpgrade() => _tlsUpgradeRequested = true;

    /// <summary>
    /// Swaps the transport for pipes over an SslStream running over the old pipe. Anything the
    /// client sent behind AUTH TLS was already dropped (it was not protected, and accepting it
    /// would let a man in the middle inject commands, as in CVE-2011-0411). False when the
    /// handshake failed; the session then ends without a reply (there is no channel left for one).
    /// </summary>
    private async Task<bool> UpgradeToTlsAsync(CancellationToken token)
    {
        _tlsUpgradeRequested = false;
        // During the handshake the client's messages are acknowledged as soon as the next is awaited:
        // GnuTLS (lftp) sends its ChangeCipherSpec and its Finished apart, and with Nagle's algorithm
        // the Finished waited for the first's delayed ACK, 40 ms per logon (TcpAcknowledgements).
        var transport = new PipeTransportStream(_transport) { BeforeRead = Connection.AcknowledgePromptly };
        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(Tls.HandshakeTimeout);
        try
        {
            // The certificate is chosen when the client's hello has been read: its server name (SNI) may choose the site.
            await ssl.AuthenticateAsServerAsync(
                (_, hello, _, _) => ValueTask.FromResult(ChooseControlTls(hello.ServerName).ServerAuthentication()), null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when ((ex is AuthenticationException or IOException or OperationCanceledException) && !token.IsCancellationRequested)
        {
            // A scanner or a client with the wrong settings: worth a line, not a stack trace.
            Logger.LogInformation("FTP session {Session}: TLS handshake on the control connection failed: {Reason}", Connection.Id, ex.Message);
            _closeReason = "TLS handshake failed";
            await ssl.DisposeAsync().ConfigureAwait(false);
            return false;
        }

        transport.BeforeRead = null; // Commands and replies alternate from here: TCP's own schedule.
        _transport = new SslDuplexPipe(ssl);
        _lineReader = new FtpLineReader(); // Nothing of the clear-text stream carries over.
        ControlProtected = true;
        PendingUser = null;
        Logger.LogInformation("FTP session {Session}: control connection protected ({Protocol}, {Cipher})", Connection.Id, ssl.SslProtocol, ssl.NegotiatedCipherSuite);
        return true;
    }

    /// <summary>Sends close_notify on a TLS control connection before it closes; bounded, since the client may not read.</summary>
    private async Task CloseTlsAsync()
    {
        if (_transport is not SslDuplexPipe tls)
        {
            return;
        }

        try
        {
            await tls.Output.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            await tls.Ssl.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false); // A goodbye, not worth a longer wait.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or TimeoutException or NotSupportedException)
        {
            // The client is gone or not reading; closing the connection says the rest.
        }
    }

    /// <summary>
    /// PROT P: runs the TLS handshake on the newly opened data connection (after 150, when most
    /// clients start it), or takes the one <paramref name="early"/> began when the client's hello
    /// came first. Null when it failed or was aborted; the final reply has then been sent.
    /// </summary>
    private async Task<TlsDataConnection?> ProtectDataAsync(IDataConnection connection, EarlyDataHandshake? early, bool upload, CancellationToken transferToken, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(transferToken);
        timeout.CancelAfter(Tls.HandshakeTimeout);
        try
        {
            var tls = early is null
                ? await TlsDataConnection.AcceptAsync(connection, Tls, upload, timeout.Token).ConfigureAwait(false)
                : await early.ProtectedAsync(upload, timeout.Token).ConfigureAwait(false);
            Logger.LogDebug("FTP session {Session}: data connection protected ({Tls})", Connection.Id, tls.Description);
            return tls;
        }
        catch (OperationCanceledException) when (transferToken.IsCancellationRequested)
        {
            await ReplyAsync(426, "Connection closed; transfer aborted.", ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            var reason = ex is OperationCanceledException ? $"no handshake within {Tls.HandshakeTimeout.TotalSeconds:0} seconds" : ex.Message;
            Logger.LogInformation("FTP session {Session}: TLS handshake on the data connection failed: {Reason}", Connection.Id, reason);
            await ReplyAsync(425, $"TLS negotiation on the data connection failed ({reason}). The data connection must be protected with the same certificate as the control connection.", ct).ConfigureAwait(false);
        }

        return null;
    }
}
