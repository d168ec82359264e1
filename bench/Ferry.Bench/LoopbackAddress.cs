using System.Net;

namespace Ferry.Bench;

/// <summary>The driver only ever talks to this host: a load generator aimed elsewhere would be an attack.</summary>
public static class LoopbackAddress
{
    public static IPAddress Parse(string host)
    {
        IPAddress? address = host == "localhost" ? IPAddress.Loopback : null;
        if (address is null && !IPAddress.TryParse(host, out address))
        {
            throw new UsageException($"--host '{host}' is not an IP address; use 127.0.0.1 or ::1");
        }

        if (!IPAddress.IsLoopback(address))
        {
            throw new UsageException(
                $"refusing --host {host}: Ferry.Bench only targets loopback addresses (127.0.0.0/8, ::1)");
        }

        return address;
    }
}
