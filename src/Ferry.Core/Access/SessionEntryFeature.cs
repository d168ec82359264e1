namespace Ferry.Core.Access;

/// <summary>
/// The registry slot a connection took (by the host's session-limit middleware), handed on to the
/// protocol that serves the connection: FTP's handler, or each HTTP request on that connection.
/// </summary>
public sealed class SessionEntryFeature(SessionEntry session)
{
    public SessionEntry Session { get; } = session ?? throw new ArgumentNullException(nameof(session));
}
