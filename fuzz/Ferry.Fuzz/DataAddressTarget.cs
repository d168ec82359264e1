using System.Net;
using System.Text;
using Ferry.Ftp.Protocol;

namespace Ferry.Fuzz;

/// <summary>
/// PORT and EPRT arguments (RFC 959, RFC 2428). Whatever they parse to is a real endpoint: a port
/// from 0 to 65535, and a PORT address that is IPv4, as its six numbers can only say.
/// </summary>
public static class DataAddressTarget
{
    public static void Run(byte[] input)
    {
        var argument = Encoding.UTF8.GetString(input);
        if (DataAddress.TryParsePort(argument, out var port))
        {
            Check(port);
            if (port.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                throw new FuzzFinding($"PORT '{argument}' gave a non-IPv4 address {port.Address}");
            }
        }

        DataAddress.TryParseEprt(argument, out var extended);
        if (extended is not null)
        {
            Check(extended);
        }
    }

    private static void Check(IPEndPoint endPoint)
    {
        if (endPoint.Port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            throw new FuzzFinding($"port {endPoint.Port} out of range");
        }
    }
}
