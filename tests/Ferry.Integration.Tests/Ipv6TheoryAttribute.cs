namespace Ferry.Integration.Tests;

/// <summary>A theory that shows as skipped, with the reason, on a machine whose loopback has no IPv6.</summary>
public sealed class Ipv6TheoryAttribute : TheoryAttribute
{
    public Ipv6TheoryAttribute()
    {
        if (!Loopback.HasIpv6)
        {
            Skip = "IPv6 loopback (::1) is not available on this machine";
        }
    }
}
