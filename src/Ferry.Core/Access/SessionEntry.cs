using System.Net;
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

    internal bool Disposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The files of the signed-in account, so that a reload can give the session the account's new rights.</summary>
    internal FileService? Files
    {
        get => Volatile.Read(ref _files);
        set => Volatile.Write(ref _files, value);
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
