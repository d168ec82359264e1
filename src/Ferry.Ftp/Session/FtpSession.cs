using System.IO.Pipelines;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Ftp.Commands;
using Ferry.Ftp.Protocol;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Session;

/// <summary>
/// One FTP control connection: reads command lines from a duplex pipe, dispatches them through the
/// command table and holds the session's state. Knows nothing of sockets: the transport is a pipe
/// that AUTH TLS can swap, and tests drive it over in-memory pipes.
/// </summary>
public sealed partial class FtpSession
{
    private FtpLineReader _lineReader = new();
    private readonly FtpCommandTable _commands;
    private readonly CancellationTokenSource _lifetime = new();
    private IDuplexPipe _transport;
    private long _lastActivityTicks;
    private volatile string? _closeReason;

    /// <summary>The protocol's name in the session registry and on access requests.</summary>
    public const string ProtocolName = "ftp";

    /// <param name="registration">
    /// The session's slot in the shared registry, taken when the connection was admitted; whoever
    /// took it gives it back when the connection ends.
    /// </param>
    public FtpSession(IDuplexPipe transport, FtpConnectionInfo connection, SessionEntry registration, FtpServerContext server, FtpCommandTable? commands = null)
    {
        ArgumentNullException.ThrowIfNull(registration);
        _transport = transport;
        Connection = connection;
        Registration = registration;
        Server = server;
        _commands = commands ?? FtpCommandTable.Default;
        Replies = new ReplyWriter(() => _transport.Output);
        Logger = server.LoggerFactory.CreateLogger("Ferry.Ftp.Session");
        SelectSiteFromImplicitTls();
        ControlProtected = connection.ImplicitTls;
        ResetProtection();
        ConnectedAt = server.Time.GetUtcNow();
        Touch();

        // An administrator (or anything else holding the registry) closes the session as a timeout does: 421 and the reason.
        registration.OnCloseRequested(CloseAsync);
    }

    public FtpConnectionInfo Connection { get; }

    public SessionEntry Registration { get; }

    public FtpServerContext Server { get; }

    public FtpOptions Options => Server.Options;

    public ReplyWriter Replies { get; }

    public ILogger Logger { get; }

    public FtpCommandTable Commands => _commands;

    public DateTimeOffset ConnectedAt { get; }

    // ---- state a command may change ----

    /// <summary>The name given by USER, waiting for PASS.</summary>
    public string? PendingUser { get; set; }

    public Account? Account { get; private set; }

    /// <summary>The account's files; null before logon.</summary>
    public FileService? Files { get; private set; }

    public bool LoggedIn => Files is not null;

    /// <summary>Where the account's files sit in the shared lock table; null before logon.</summary>
    public LockSite? LockSite { get; private set; }

    public VfsPath CurrentDirectory { get; set; } = VfsPath.Root;

    public TransferType TransferType { get; set; } = TransferType.Ascii;

    /// <summary>The REST offset for the next transfer command.</summary>
    public long RestartOffset { get; set; }

    /// <summary>The RNFR source, valid for the command right after it only.</summary>
    public VfsPath? RenameFrom { get; set; }

    /// <summary>After "EPSV ALL" (RFC 2428 section 4) PORT, PASV and EPRT are refused.</summary>
    public bool EpsvAllOnly { get; set; }

    /// <summary>The facts MLSD and MLST report, as chosen by OPTS MLST.</summary>
    public MlsxFact MlstFacts { get; set; } = MlsxFacts.Default;

    /// <summary>Logons refused on this connection for wrong credentials or a ban; REIN does not reset it.</summary>
    public int FailedLogons { get; set; }

    /// <summary>Set by QUIT: the loop ends after the current line.</summary>
    public bool QuitRequested { get; set; }

    public PipeReader Input => _transport.Input;

    public ValueTask ReplyAsync(int code, string text, CancellationToken cancellationToken = default)
    {
        RecordReply(code);
        return Replies.WriteAsync(code, text, cancellationToken);
    }

    internal void SignIn(AccessGrant grant)
    {
        Account = grant.Account;
        Files = grant.Files;
        LockSite = grant.Locks;
        AnonymousLogon = grant.Anonymous;
        PendingUser = null;
        CurrentDirectory = VfsPath.Root;
    }

    /// <summary>REIN (and USER while logged on): back to the state of a new connection, transfer parameters included.</summary>
    internal void Reinitialize()
    {
        if (Account is not null)
        {
            Access.SignOut(Registration);
        }

        Account = null;
        AnonymousLogon = false;
        Files = null;
        LockSite = null;
        PendingUser = null;
        CurrentDirectory = VfsPath.Root;
        TransferType = TransferType.Ascii;
        RestartOffset = 0;
        RenameFrom = null;
        EpsvAllOnly = false;
        MlstFacts = MlsxFacts.Default;
        ResetExtensions();
    }

    /// <summary>Resolves a client's path argument against the current directory; null when it is not a path.</summary>
    public VfsPath? Resolve(string? argument) =>
        VfsPath.TryResolve(argument, CurrentDirectory, out var path) ? path : null;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var token = linked.Token;
        Server.Sessions.Add(this);
        Logger.LogInformation("FTP session {Session} connected from {Client}", Connection.Id, Connection.ClientAddress);
        try
        {
            await ReplyAsync(220, Banner, token).ConfigureAwait(false);
            await ReadCommandsAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Closed by a timeout, shutdown or the host: the reason was already sent as 421.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Logger.LogDebug(ex, "FTP session {Session}: control connection lost", Connection.Id);
        }
        finally
        {
            await EndTransferAndDataAsync().ConfigureAwait(false);
            Server.Sessions.Remove(this);
            Logger.LogInformation("FTP session {Session} closed{Reason}", Connection.Id, _closeReason is null ? "" : ": " + _closeReason);
            await CloseTlsAsync().ConfigureAwait(false);
            await _transport.Output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadCommandsAsync(CancellationToken token)
    {
        while (!QuitRequested)
        {
            var input = Input;
            var result = await input.ReadAsync(token).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (!QuitRequested && !_tlsUpgradeRequested && _lineReader.TryReadLine(ref buffer, out var line))
                {
                    Touch();
                    await ExecuteAsync(line, token).ConfigureAwait(false);
                }
            }
            finally
            {
                // Bytes behind AUTH TLS arrived unprotected: they are dropped, never executed.
                input.AdvanceTo(_tlsUpgradeRequested ? buffer.End : buffer.Start, buffer.End);
            }

            if (_tlsUpgradeRequested)
            {
                if (!await UpgradeToTlsAsync(token).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    private async Task ExecuteAsync(FtpLine line, CancellationToken token)
    {
        if (line.TooLong)
        {
            await ReplyAsync(500, $"Command line too long: the limit is {FtpLineReader.MaxLineBytes} bytes. The line was discarded.", token).ConfigureAwait(false);
            return;
        }

        var typedVerb = SplitCommand(line.Text, out var argument);
        var spec = _commands.FindTyped(typedVerb);

        // A known verb is the table's own string; only an unknown one is copied, to be named in the 500.
        var verb = spec?.Verb ?? typedVerb.ToString().ToUpperInvariant();
        if (verb.Length == 0)
        {
            await ReplyAsync(500, "Empty command line.", token).ConfigureAwait(false);
            return;
        }

        if (spec is null && ForeignProtocol.Detect(line.Text) is { } protocol)
        {
            CloseForeignProtocol(protocol);
            return;
        }

        LogCommand(line.Text, verb, argument);
        // The session list shows it; a password never.
        Registration.Command = LogText.SecretVerb(line.Text) is { } secretVerb
            ? $"{secretVerb} {LogText.Mask}"
            : argument.Length == 0 ? verb : $"{verb} {Printable(argument)}";

        var audit = BeginAudit(spec, argument);
        try
        {
            await DispatchAsync(spec, verb, argument, token).ConfigureAwait(false);
        }
        finally
        {
            if (audit is not null)
            {
                EndCommandAudit(audit);
            }
        }
    }

    /// <summary>The table's checks (500, 530, the account's deny list 550, 501), then the handler.</summary>
    private async Task DispatchAsync(FtpCommandSpec? spec, string verb, string argument, CancellationToken token)
    {
        if (spec is null)
        {
            await ReplyAsync(500, $"'{Printable(verb)}': command not understood.", token).ConfigureAwait(false);
            return;
        }

        if (spec.NeedsLogin && !LoggedIn)
        {
            await ReplyAsync(530, "Please log in with USER and PASS first.", token).ConfigureAwait(false);
            return;
        }

        if (Files is { } files && CommandFilter.Refuses(files.Account.Policy, spec))
        {
            // The account's own deny list (a reload's change counts from the next command).
            await ReplyAsync(550, $"{spec.Verb} is not allowed for this account.", token).ConfigureAwait(false);
            return;
        }

        if (spec.Argument == ArgumentRule.Required && argument.Length == 0)
        {
            await ReplyAsync(501, $"Syntax error: {spec.Verb} needs an argument: {spec.Verb} {spec.Syntax}.", token).ConfigureAwait(false);
            return;
        }

        if (spec.Argument == ArgumentRule.None && argument.Trim().Length > 0)
        {
            await ReplyAsync(501, $"Syntax error: {spec.Verb} takes no argument.", token).ConfigureAwait(false);
            return;
        }

        if (!spec.DuringTransfer)
        {
            // RFC 959 lets a server queue commands behind a running transfer; only ABOR, STAT,
            // NOOP and QUIT-like controls need an answer while the data flows.
            await WaitForTransferAsync().ConfigureAwait(false);
            RestartAuditClock();
        }

        var renameFrom = RenameFrom;
        try
        {
            await spec.Handler(this, argument, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !IsConnectionFailure(ex))
        {
            // A bug or an unexpected backend failure in one command must not end the session,
            // let alone reach other sessions: log it, tell the client, read the next command.
            Logger.LogError(ex, "FTP session {Session}: {Verb} failed unexpectedly", Connection.Id, verb);
            await ReplyAsync(451, $"{verb} failed: local error in processing.", token).ConfigureAwait(false);
        }
        if (renameFrom is not null && ReferenceEquals(renameFrom, RenameFrom) && spec.Verb != "RNFR")
        {
            // RNTO must come right after RNFR (RFC 959 4.1.3); anything else forgets the source.
            RenameFrom = null;
        }
    }

    private static bool IsConnectionFailure(Exception ex) => ex is IOException or ObjectDisposedException;

    /// <summary>The verb as typed (leading spaces skipped) and the text after it and one space ("" when none).</summary>
    internal static ReadOnlySpan<char> SplitCommand(string text, out string argument)
    {
        var trimmed = text.AsSpan().TrimStart(' ');
        var space = trimmed.IndexOf(' ');
        argument = space < 0 ? "" : text[(text.Length - trimmed.Length + space + 1)..];
        return space < 0 ? trimmed : trimmed[..space];
    }

    private void LogCommand(string line, string verb, string argument)
    {
        if (!Logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        // Passwords never reach the log, however the verb is spelt or followed; nor do raw control bytes.
        if (LogText.SecretVerb(line) is { } secretVerb)
        {
            Logger.LogDebug("FTP session {Session} <- {Verb} {Argument}", Connection.Id, secretVerb, LogText.Mask);
            return;
        }

        Logger.LogDebug("FTP session {Session} <- {Verb} {Argument}", Connection.Id, LogText.Escape(verb), LogText.Escape(argument));
    }

    /// <summary>
    /// Another protocol's request on the FTP port. Like ProFTPD (its Bug#4143: "close the connection
    /// with extreme prejudice"), the session ends at once without a reply, whatever follows: no
    /// line of the request, headers or body is executed, and nothing is sent back that a browser
    /// could show or a script read. One warning with the client's address; the rest is not logged.
    /// </summary>
    private void CloseForeignProtocol(string protocol)
    {
        Logger.LogWarning("FTP session {Session}: {Protocol} request from {Client} on an FTP port; closing the connection without a reply (cross-protocol attack?)",
            Connection.Id, protocol, Connection.ClientAddress);
        _closeReason = $"{protocol} request, not FTP";
        QuitRequested = true;
    }

    /// <summary>Control characters from a client must not reach replies or logs as they are.</summary>
    internal static string Printable(string text)
    {
        const int MaxShown = 200; // A reply echoes a verb or path; a 4 KiB echo helps nobody.
        var clipped = text.Length > MaxShown ? text[..MaxShown] + "..." : text;
        return string.Create(clipped.Length, clipped, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    internal void Touch() => Interlocked.Exchange(ref _lastActivityTicks, Server.Time.GetUtcNow().UtcTicks);

    internal void CloseIfExpired(DateTimeOffset now, FtpOptions options)
    {
        if (_closeReason is not null)
        {
            return;
        }

        if (!LoggedIn && now - ConnectedAt > options.LoginTimeout)
        {
            _ = CloseAsync($"Login timeout: no logon within {options.LoginTimeout.TotalSeconds:0} seconds. Closing the connection.");
            return;
        }

        var idle = now - new DateTimeOffset(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);
        if (LoggedIn && !TransferRunning && idle > options.IdleTimeout)
        {
            _ = CloseAsync($"Idle timeout: no command for {options.IdleTimeout.TotalSeconds:0} seconds. Closing the connection.");
        }
    }

    /// <summary>Sends 421 with the reason and ends the session.</summary>
    public async Task CloseAsync(string reason)
    {
        if (_closeReason is not null)
        {
            return;
        }

        _closeReason = reason;
        await TryReplyAsync(421, reason).ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Shutdown: an idle session gets 421 at once; a running transfer gets until
    /// <paramref name="grace"/> ends, then 421 and its data connection closed.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan grace, TimeProvider time)
    {
        if (_transfer is { IsCompleted: false } transfer)
        {
            await Task.WhenAny(transfer, Task.Delay(grace, time)).ConfigureAwait(false);
        }

        await CloseAsync("Server shutting down. Please reconnect later.").ConfigureAwait(false);
    }
}
