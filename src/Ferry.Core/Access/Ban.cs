using System.Net;

namespace Ferry.Core.Access;

/// <summary>
/// One entry of the ban list: logons from <see cref="Address"/>/<see cref="PrefixLength"/> are
/// refused without a password check until <see cref="Until"/>.
/// </summary>
/// <param name="Address">An IPv4 address (prefix 32) or the first address of an IPv6 /64.</param>
/// <param name="PrefixLength">32 for IPv4; 64 for IPv6, since one host usually owns a whole /64.</param>
/// <param name="Failures">Failed logons counted in the window.</param>
/// <param name="Until">When the oldest counted failure leaves the window and the ban ends.</param>
public sealed record Ban(IPAddress Address, int PrefixLength, int Failures, DateTimeOffset Until);
