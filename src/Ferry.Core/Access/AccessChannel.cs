using System.Net;

namespace Ferry.Core.Access;

/// <summary>How a logon reached the server: what the access rules weigh besides the credentials.</summary>
/// <param name="Protocol">The protocol's short name, as in the session registry.</param>
/// <param name="ClientAddress">The peer; normalised on the way in (see <see cref="Net.ClientAddress"/>).</param>
/// <param name="Protected">The channel that carries the credentials runs over TLS.</param>
/// <param name="Protection">What this endpoint demands of that channel.</param>
public sealed record AccessChannel(string Protocol, IPAddress ClientAddress, bool Protected, LogonProtection Protection = LogonProtection.Optional)
{
    public string Protocol { get; } = !string.IsNullOrEmpty(Protocol) ? Protocol : throw new ArgumentException("A channel names its protocol.", nameof(Protocol));

    public IPAddress ClientAddress { get; } = Net.ClientAddress.Normalize(ClientAddress);
}
