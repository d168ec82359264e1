namespace Ferry.Integration.Tests;

/// <summary>A fact that shows as skipped, with the reason, on a machine whose loopback has no IPv6.</summary>
public sealed class Ipv6FactAttribute : FactAttribute
{
    public Ipv6FactAttribute()
    {
        if (!Loopback.HasIpv6)
        {
            Skip = "IPv6 loopback (::1) is not available on this machine";
        }
    }
}
