using System.Net;
using Ferry.Core.Access;
using Ferry.Core.Diagnostics;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Ftp.Data;
using Ferry.Ftp.Tls;
using Ferry.Ftp.Transfers;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Session;

/// <summary>The data side of a session: the pending PORT/PASV set-up and the one running transfer.</summary>
public sealed partial class FtpSession
{
    private readonly object _transferLock = new();
    private IPassiveListener? _passive;

    // The listener of the last passive transfer, kept open for the next PASV/EPSV: a port per file
    // cost a socket, bind, listen and close each time (2,000 small files, 2,000 of each).
    private IPassiveListener? _parked;

    // Under PROT P, the set-up listener's connection accepted and its handshake answered before the transfer command.
    private EarlyDataHandshake? _early;
    private IPEndPoint? _activeTarget;
    private Task? _transfer;
    private CancellationTokenSource? _transferCancel;
    private long _transferredBytes;

    // The running file transfer as the shared session list shows it (null for listings), and how it ended.
    private TransferProgress? _progress;
    private TransferResult _transferResult;

    public bool TransferRunning => _transfer is { IsCompleted: false };

    /// <summary>Bytes moved by the running (or last) transfer; STAT reports it.</summary>
    public long TransferredBytes => Interlocked.Read(ref _transferredBytes);

    public string? TransferDescription { get; private set; }

    internal void AddTransferred(long bytes)
    {
        Interlocked.Add(ref _transferredBytes, bytes);
        CountTransferred(bytes);
        _progress?.Add(bytes);
    }

    /// <summary>PASV/EPSV: the new listener replaces any earlier set-up.</summary>
    internal async ValueTask SetPassiveAsync(IPassiveListener listener)
    {
        await ClearDataSetupAsync().ConfigureAwait(false);
        _passive = listener;
        if (DataProtection == DataProtection.Private)
        {
            _early = EarlyDataHandshake.Start(listener, Tls);
        }
    }

    /// <summary>PORT/EPRT: the checked target replaces any earlier set-up.</summary>
    internal async ValueTask SetActiveAsync(IPEndPoint target)
    {
        await ClearDataSetupAsync().ConfigureAwait(false);
        _activeTarget = target;
    }

    internal async ValueTask ClearDataSetupAsync()
    {
        var passive = _passive;
        var parked = _parked;
        var early = Interlocked.Exchange(ref _early, null); // A transfer starting meanwhile takes it the same way: one owner.
        _passive = null;
        _parked = null;
        _activeTarget = null;
        if (early is not null)
        {
            await early.DisposeAsync().ConfigureAwait(false);
        }

        if (passive is not null)
        {
            await passive.DisposeAsync().ConfigureAwait(false);
        }

        if (parked is not null)
        {
            // Used once and parked cleanly: another session may take it (a set-up never used is closed above).
            await parked.ReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// PASV/EPSV: the session's set-up listener or the one kept from its last transfer, readied for
    /// another data connection on the same port; null when there is none to reuse (then the caller
    /// asks the factory for a new one). A second PASV in a row reuses the first's port too, so a PASV
    /// flood holds one port.
    /// </summary>
    internal async ValueTask<IPassiveListener?> TakeReusablePassiveAsync()
    {
        var candidate = _passive ?? _parked;
        var other = ReferenceEquals(candidate, _passive) ? _parked : null;
        var early = Interlocked.Exchange(ref _early, null);
        _passive = null;
        _parked = null;
        if (early is not null)
        {
            // Whatever it accepted goes; the listener is readied again below.
            await early.DisposeAsync().ConfigureAwait(false);
        }

        if (other is not null)
        {
            await other.ReleaseAsync().ConfigureAwait(false);
        }

        if (candidate is null || candidate.TryReuse())
        {
            return candidate;
        }

        await candidate.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Opens the data connection the client set up with PORT/EPRT or PASV/EPSV, within the data
    /// timeout. On failure it has already replied 425 with what probably went wrong, in words an
    /// administrator can act on (the most common FTP failure is a firewall eating the data
    /// connection), logged it, and returns null. Either way the set-up is used up.
    /// </summary>
    /// <param name="early">The set-up's early handshake, if any: the connection it accepted is the one.</param>
    internal async ValueTask<IDataConnection?> OpenDataConnectionAsync(EarlyDataHandshake? early, CancellationToken cancellationToken)
    {
        var passive = _passive;
        var active = _activeTarget;
        _passive = null;
        _activeTarget = null;
        var timeout = Options.DataConnectTimeout;
        if (passive is null && active is null)
        {
            await ReplyAsync(425, "Use PORT, EPRT, PASV or EPSV first to set up a data connection.", cancellationToken).ConfigureAwait(false);
            return null;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            if (passive is not null)
            {
                IDataConnection accepted;
                try
                {
                    accepted = early is null
                        ? await passive.AcceptAsync(timer.Token).ConfigureAwait(false)
                        : await early.AcceptedAsync(timer.Token).ConfigureAwait(false);
                }
                catch
                {
                    // No connection came (or a stranger flooded it): a fresh port next time.
                    await passive.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                // Kept for the session's next PASV/EPSV, which asks it whether it can be used again.
                _parked = passive;
                return accepted;
            }

            return await Server.DataChannels.ConnectAsync(active!, Connection.LocalAddress, Connection.ClientAddress, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = timeout.TotalSeconds;
            if (passive is not null)
            {
                var port = passive.LocalEndPoint.Port;
                Logger.LogWarning(
                    "FTP session {Session}: no passive data connection from {Client} arrived on port {Port} within {Seconds} s; a firewall or NAT device probably blocks the passive range {Low}-{High}",
                    Connection.Id, Connection.ClientAddress, port, seconds, Options.PassivePortLow, Options.PassivePortHigh);
                await ReplyAsync(425, $"No data connection arrived on port {port} within {seconds:0} seconds. A firewall or NAT device between you and the server probably blocks port {port}: the server's administrator must open the passive range {Options.PassivePortLow}-{Options.PassivePortHigh} (and set the public address when behind NAT), or try active mode.", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Logger.LogWarning("FTP session {Session}: active data connection to {Target} timed out after {Seconds} s", Connection.Id, active, seconds);
                await ReplyAsync(425, $"Could not connect to your client at {active} within {seconds:0} seconds (active mode). A firewall on your side probably blocks incoming connections: try passive mode.", cancellationToken).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ArgumentException or ObjectDisposedException)
        {
            Logger.LogWarning("FTP session {Session}: data connection failed: {Error}", Connection.Id, ex.Message);
            await ReplyAsync(425, $"Cannot open data connection: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// The one shape of every data transfer: open the data connection (or explain why not), send
    /// 150 <paramref name="opening"/>, run <paramref name="copy"/>, and close with 226 and the text
    /// the copy returns; 426 when aborted, broken or stalled; the storage error's reply when the
    /// storage failed. <paramref name="onFailure"/> runs before a failure reply (an upload discards
    /// its temporary file there). With PROT P the data connection is wrapped in TLS after the 150
    /// (when most clients start the handshake; a passive one whose hello came first was answered
    /// then, see <see cref="EarlyDataHandshake"/>); Required mode refuses a clear one with 521 up front.
    /// <paramref name="upload"/>: the client sends the data (STOR, APPE, STOU).
    /// </summary>
    internal async Task RunDataTransferAsync(
        string opening, string what, Func<IDataConnection, CancellationToken, Task<string>> copy, Func<ValueTask>? onFailure,
        CancellationToken transferToken, CancellationToken ct, bool upload = false)
    {
        if (RefusesClearData)
        {
            await ClearDataSetupAsync().ConfigureAwait(false);
            await FailAsync(onFailure).ConfigureAwait(false);
            await ReplyAsync(521, "Data connections must be protected on this server: send PBSZ 0 and PROT P first.", ct).ConfigureAwait(false);
            return;
        }

        if (AccountRefusesClearData)
        {
            await ClearDataSetupAsync().ConfigureAwait(false);
            await FailAsync(onFailure).ConfigureAwait(false);
            await ReplyAsync(521, Tls.Enabled
                ? "This account's data connections must be protected: send PBSZ 0 and PROT P first."
                : "This account's data connections must be protected, and this server offers no TLS: ask the administrator.", ct).ConfigureAwait(false);
            return;
        }

        var early = Interlocked.Exchange(ref _early, null);
        early?.Expect(upload);
        try
        {
            var connection = await OpenDataConnectionAsync(early, transferToken).ConfigureAwait(false);
            if (connection is null)
            {
                return;
            }

            await using (connection.ConfigureAwait(false))
            {
                if (DataProtection == DataProtection.Clear && early is not null && !await early.LeaveClearAsync().ConfigureAwait(false))
                {
                    await FailAsync(onFailure).ConfigureAwait(false);
                    await ReplyAsync(425, "The data connection began TLS, but protection is now Clear (PROT C after PASV); send PASV again.", ct).ConfigureAwait(false);
                    return;
                }

                await ReplyAsync(150, opening, ct).ConfigureAwait(false);
                if (DataProtection == DataProtection.Clear)
                {
                    await CopyAndReplyAsync(connection, what, copy, onFailure, upload, transferToken, ct).ConfigureAwait(false);
                    return;
                }

                var tls = await ProtectDataAsync(connection, early, upload, transferToken, ct).ConfigureAwait(false);
                if (tls is null)
                {
                    await FailAsync(onFailure).ConfigureAwait(false);
                    return;
                }

                await using (tls.ConfigureAwait(false))
                {
                    await CopyAndReplyAsync(tls, what, copy, onFailure, upload, transferToken, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (early is not null)
            {
                await early.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task CopyAndReplyAsync(
        IDataConnection connection, string what, Func<IDataConnection, CancellationToken, Task<string>> copy, Func<ValueTask>? onFailure,
        bool upload, CancellationToken transferToken, CancellationToken ct)
    {
        // MODE Z: the copy reads and writes through zlib; the connection below is still the one that ends the transfer.
        var deflate = Deflate ? new DeflateDataConnection(connection, upload, DeflateLevel) : null;
        try
        {
            await CopyAndReplyCoreAsync(connection, deflate, what, copy, onFailure, transferToken, ct).ConfigureAwait(false);
        }
        finally
        {
            if (deflate is not null)
            {
                await deflate.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task CopyAndReplyCoreAsync(
        IDataConnection connection, DeflateDataConnection? deflate, string what, Func<IDataConnection, CancellationToken, Task<string>> copy,
        Func<ValueTask>? onFailure, CancellationToken transferToken, CancellationToken ct)
    {
        try
        {
            var done = await copy((IDataConnection?)deflate ?? connection, transferToken).ConfigureAwait(false);
            if (connection is TlsDataConnection tls)
            {
                // Downloads have sent close_notify already; an upload answers the client's here.
                await tls.AcknowledgeEndAsync(transferToken).ConfigureAwait(false);
            }

            Logger.LogInformation("FTP session {Session}: {Transfer} complete: {Result}", Connection.Id, TransferDescription, done);
            _transferResult = TransferResult.Ok;
            await ReplyAsync(226, done, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (transferToken.IsCancellationRequested)
        {
            Logger.LogInformation("FTP session {Session}: {Transfer} aborted after {Bytes} bytes", Connection.Id, TransferDescription, TransferredBytes);
            _transferResult = TransferResult.Aborted;
            await FailAsync(onFailure).ConfigureAwait(false);
            await ReplyAsync(426, "Connection closed; transfer aborted.", ct).ConfigureAwait(false);
        }
        catch (TransferStalledException stalled)
        {
            Logger.LogWarning("FTP session {Session}: {Transfer} stalled: {Reason}", Connection.Id, TransferDescription, stalled.Message);
            await FailAsync(onFailure).ConfigureAwait(false);
            await ReplyAsync(426, $"Transfer aborted: {stalled.Message}", ct).ConfigureAwait(false);
        }
        catch (TransferTruncatedException truncated)
        {
            Logger.LogWarning("FTP session {Session}: {Transfer} refused: the client closed the protected data connection after {Bytes} bytes without TLS close_notify (truncation?)", Connection.Id, TransferDescription, truncated.Received);
            await FailAsync(onFailure).ConfigureAwait(false);
            await ReplyAsync(426, truncated.Message, ct).ConfigureAwait(false);
        }
        catch (StorageException storage)
        {
            Logger.LogWarning("FTP session {Session}: {Transfer} failed in storage: {Reason}", Connection.Id, TransferDescription, storage.Message);
            await FailAsync(onFailure).ConfigureAwait(false);
            await ReplyErrorAsync(storage.Error, what, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
        {
            Logger.LogInformation("FTP session {Session}: {Transfer} broken after {Bytes} bytes: {Reason}", Connection.Id, TransferDescription, TransferredBytes, ex.Message);
            await FailAsync(onFailure).ConfigureAwait(false);
            await ReplyAsync(426, "Data connection broken; transfer aborted.", ct).ConfigureAwait(false);
        }
    }

    private static async Task FailAsync(Func<ValueTask>? onFailure)
    {
        if (onFailure is not null)
        {
            await onFailure().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a transfer in the background so that the control connection stays readable for ABOR,
    /// STAT and NOOP. The body receives a token that ABOR, shutdown and the session's end cancel.
    /// </summary>
    /// <param name="file">The file a RETR/STOR-like command moves, with <paramref name="direction"/>: shown in the shared session list and counted in the metrics; null for listings.</param>
    /// <param name="inline">
    /// The body's synchronous work is bounded (a download of a few buffers): it starts on the command
    /// loop's own thread and leaves it at its first real wait, instead of being handed to the thread
    /// pool first. A small file then goes from RETR to 226 without a hand-over between threads; while
    /// it runs, the command loop reads nothing, for as long as copying that little takes.
    /// </param>
    internal void StartTransfer(string description, Func<CancellationToken, Task> body, CancellationToken sessionToken, VfsPath? file = null, TransferDirection direction = TransferDirection.Download, bool inline = false)
    {
        Task<Task> start;
        lock (_transferLock)
        {
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(sessionToken);
            _transferCancel = cancel;
            TransferDescription = description;
            Interlocked.Exchange(ref _transferredBytes, 0);
            _transferResult = TransferResult.Failed;
            var progress = file is null ? null : Registration.BeginTransfer(file.Value, direction);
            _progress = progress;
            _transferIsUpload = file is not null && direction == TransferDirection.Upload;
            var audit = TakeAuditForTransfer();

            // Not started yet: the transfer is the session's running one (STAT, shutdown and the idle
            // check see it) before its first line runs, and it runs outside this lock.
            start = new Task<Task>(() => RunTransferAsync(body, cancel, progress, audit, inline));
            _transfer = start.Unwrap();
        }

        start.RunSynchronously(TaskScheduler.Default);
    }

    private async Task RunTransferAsync(Func<CancellationToken, Task> body, CancellationTokenSource cancel, TransferProgress? progress, AuditScope? audit, bool inline)
    {
        if (!inline)
        {
            await Task.Yield(); // Return to the command loop at once; the transfer goes on beside it.
        }

        try
        {
            await body(cancel.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            Logger.LogDebug(ex, "FTP session {Session}: transfer ended early", Connection.Id);
        }
        catch (Exception ex)
        {
            // A bug or an unforeseen backend failure: the client must still get a final reply,
            // or it would wait for one forever.
            Logger.LogError(ex, "FTP session {Session}: transfer failed", Connection.Id);
            await TryReplyAsync(451, "Local error in processing; transfer aborted.").ConfigureAwait(false);
        }
        finally
        {
            Touch();
            if (audit is not null)
            {
                WriteAudit(audit, TransferredBytes);
            }

            progress?.End(_transferResult);
            lock (_transferLock)
            {
                _transferCancel = null;
            }

            cancel.Dispose();
        }
    }

    private async Task TryReplyAsync(int code, string text)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)); // A client that does not read must not hold us.
            await ReplyAsync(code, text, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // The control connection is gone too; there is no one left to tell.
        }
    }

    /// <summary>ABOR: cancels the running transfer and waits until it has sent its reply. False when none ran.</summary>
    internal async Task<bool> AbortTransferAsync()
    {
        Task? transfer;
        lock (_transferLock)
        {
            transfer = _transfer;
            if (transfer is null || transfer.IsCompleted)
            {
                return false;
            }

            _transferCancel?.Cancel();
        }

        await transfer.ConfigureAwait(false);
        return true;
    }

    internal async Task WaitForTransferAsync()
    {
        var transfer = _transfer;
        if (transfer is not null)
        {
            await transfer.ConfigureAwait(false);
        }
    }

    private async Task EndTransferAndDataAsync()
    {
        lock (_transferLock)
        {
            _transferCancel?.Cancel();
        }

        await WaitForTransferAsync().ConfigureAwait(false);
        await ClearDataSetupAsync().ConfigureAwait(false);
    }
}
