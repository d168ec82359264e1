using Ferry.Core.Access;

namespace Ferry.Serving;

/// <summary>The registry slot <see cref="SessionLimitMiddleware"/> took for a connection, handed on to the protocol's handler.</summary>
public sealed class SessionEntryFeature(SessionEntry session)
{
    public SessionEntry Session { get; } = session;
}
