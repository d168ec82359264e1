using System.Net;

namespace Ferry.Ftp.Protocol;

/// <summary>The text forms of data-connection addresses: PORT/PASV (RFC 959) and EPRT/EPSV (RFC 2428).</summary>
public static class DataAddress
{
    /// <summary>Parses "h1,h2,h3,h4,p1,p2" (port = p1*256+p2). False for anything malformed.</summary>
    public static bool TryParsePort(string argument, out IPEndPoint endPoint)
    {
        throw new NotImplementedException();
    }

    /// <summary>
    /// Parses "|1|132.235.1.2|6275|" or "|2|::1|6275|" (any delimiter char 33-126 per RFC 2428).
    /// Returns <see cref="EprtParse.UnsupportedFamily"/> for a protocol number other than 1 or 2 (reply 522).
    /// </summary>
    public static EprtParse TryParseEprt(string argument, out IPEndPoint? endPoint)
    {
        throw new NotImplementedException();
    }

    /// <summary>"Entering Passive Mode (h1,h2,h3,h4,p1,p2)." for an IPv4 address.</summary>
    public static string FormatPasv(IPAddress address, int port)
    {
        throw new NotImplementedException();
    }

    /// <summary>"Entering Extended Passive Mode (|||port|)".</summary>
    public static string FormatEpsv(int port)
    {
        throw new NotImplementedException();
    }
}

public enum EprtParse
{
    Ok,
    Malformed,
    UnsupportedFamily,
}
