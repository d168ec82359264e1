using System.Net;
using Ferry.Core.Diagnostics;
using Ferry.Core.Files;
using Ferry.Core.Identity;

namespace Ferry.Core.Access;

/// <summary>
/// One live session of any protocol, from its admission by <see cref="SessionRegistry.TryOpen"/>
/// until <see cref="Dispose"/> gives its slots back. Whoever opened it disposes it (for a control
/// connection: the connection middleware, when the connection ends).
/// </summary>
public sealed class SessionEntry : IDisposable
{
    private readonly SessionRegistry _registry;
    private Func<string, Task>? _close;
    private Account? _account;
    private FileService? _files;
    private string? _command;
    private string? _software;
    private string? _site;
    private TransferProgress? _transfer;
    private int _disposed;

    internal SessionEntry(SessionRegistry registry, long id, string protocol, IPAddress clientAddress, DateTimeOffset connectedAt)
    {
        _registry = registry;
        Id = id;
        Protocol = protocol;
        ClientAddress = clientAddress;
        ConnectedAt = connectedAt;
    }

    /// <summary>Unique within the process; protocols may show it in their logs so that lines match the session list.</summary>
    public long Id { get; }

    /// <summary>The protocol's own short name, as it names itself on access requests.</summary>
    public string Protocol { get; }

    /// <summary>Normalised (see <see cref="Net.ClientAddress"/>).</summary>
    public IPAddress ClientAddress { get; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The account signed in on this session; null before logon and after logout.</summary>
    public Account? Account
    {
        get => Volatile.Read(ref _account);
        internal set => Volatile.Write(ref _account, value);
    }

    /// <summary>
    /// The virtual site (RFC 7151 HOST) whose account is signed in; null for the server's own accounts.
    /// Set with the account, so that a reload or an administrator acting on one site's "alice" leaves
    /// another site's "alice" alone.
    /// </summary>
    public string? Site
    {
        get => Volatile.Read(ref _site);
        internal set => Volatile.Write(ref _site, value);
    }

    internal bool Disposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The files of the signed-in account, so that a reload can give the session the account's new rights.</summary>
    internal FileService? Files
    {
        get => Volatile.Read(ref _files);
        set => Volatile.Write(ref _files, value);
    }

    internal FerryMetrics? Metrics => _registry.Metrics;

    /// <summary>
    /// The command (FTP) or request (HTTP) the session is running or ran last, for the session
    /// list. The protocol masks secrets (FTP's PASS argument) before it sets this.
    /// </summary>
    public string? Command
    {
        get => Volatile.Read(ref _command);
        set => Volatile.Write(ref _command, value);
    }

    /// <summary>What the client program calls itself (FTP's CLNT), for the session list; null until it says.</summary>
    public string? Software
    {
        get => Volatile.Read(ref _software);
        set => Volatile.Write(ref _software, value);
    }

    /// <summary>The file transfer running now, if any.</summary>
    public TransferProgress? Transfer => Volatile.Read(ref _transfer);

    /// <summary>
    /// Starts showing a file transfer on this session (one at a time: a new one replaces the
    /// last). The protocol adds bytes to it and ends it with its result.
    /// </summary>
    public TransferProgress BeginTransfer(string path, TransferDirection direction)
    {
        ArgumentNullException.ThrowIfNull(path);
        var transfer = new TransferProgress(this, path, direction, _registry.Time);
        Volatile.Write(ref _transfer, transfer);
        return transfer;
    }

    internal void EndTransfer(TransferProgress transfer) => Interlocked.CompareExchange(ref _transfer, null, transfer);

    /// <summary>What the session list shows, copied now.</summary>
    public SessionSnapshot Snapshot()
    {
        var transfer = Transfer;
        return new SessionSnapshot(Id, Protocol, ClientAddress, ConnectedAt, Account?.Name, Command,
            transfer is null ? null : new TransferSnapshot(transfer.Path, transfer.Direction, transfer.StartedAt, transfer.Bytes, transfer.Rate))
        {
            Software = Software,
            Site = Site,
        };
    }

    /// <summary>
    /// How the protocol ends this session when asked to, with a reason the client should see
    /// (in the protocol's own words). Set once the protocol's session exists.
    /// </summary>
    public void OnCloseRequested(Func<string, Task> close)
    {
        ArgumentNullException.ThrowIfNull(close);
        Volatile.Write(ref _close, close);
    }

    /// <summary>Asks the protocol to end the session; does nothing when it has not said how (see <see cref="OnCloseRequested"/>).</summary>
    public Task CloseAsync(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return Volatile.Read(ref _close)?.Invoke(reason) ?? Task.CompletedTask;
    }

    /// <summary>Leaves the registry and gives back every slot the session held. Safe to call twice.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _registry.Remove(this);
        }
    }

    public override string ToString() =>
        $"Session {Id} ({Protocol} from {ClientAddress}{(Account is { } account ? ", " + account.Name : "")})";
}
