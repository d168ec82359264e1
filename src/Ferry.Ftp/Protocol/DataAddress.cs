using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ferry.Core.Net;

namespace Ferry.Ftp.Protocol;

/// <summary>The text forms of data-connection addresses: PORT/PASV (RFC 959) and EPRT/EPSV (RFC 2428).</summary>
public static class DataAddress
{
    private const string Blanks = " \t";

    /// <summary>
    /// Parses "h1,h2,h3,h4,p1,p2" (port = p1*256+p2). False for anything malformed: not exactly six
    /// numbers, a number outside 0-255 or with a sign, or port 0. Blanks around each number are allowed.
    /// </summary>
    public static bool TryParsePort(string argument, out IPEndPoint endPoint)
    {
        endPoint = null!;
        ReadOnlySpan<char> rest = argument;
        Span<byte> numbers = stackalloc byte[6];
        for (int i = 0; i < numbers.Length; i++)
        {
            int comma = rest.IndexOf(',');
            bool last = i == numbers.Length - 1;
            if (last != (comma < 0))
            {
                return false;
            }

            ReadOnlySpan<char> field = last ? rest : rest[..comma];
            if (!TryParseDecimal(field.Trim(Blanks), maxDigits: 3, out int value) || value > byte.MaxValue)
            {
                return false;
            }

            numbers[i] = (byte)value;
            rest = last ? default : rest[(comma + 1)..];
        }

        int port = (numbers[4] << 8) | numbers[5];
        if (port == 0)
        {
            return false;
        }

        endPoint = new IPEndPoint(new IPAddress(numbers[..4]), port);
        return true;
    }

    /// <summary>
    /// Parses "|1|132.235.1.2|6275|" or "|2|::1|6275|" (any delimiter char 33-126 per RFC 2428).
    /// Returns <see cref="EprtParse.UnsupportedFamily"/> for a protocol number other than 1 or 2 (reply 522).
    /// An IPv4-mapped IPv6 address comes back as IPv4, the one form Ferry compares addresses in; an
    /// IPv6 scope id ("%eth0") is refused because it names an interface of the client, not of ours.
    /// </summary>
    public static EprtParse TryParseEprt(string argument, out IPEndPoint? endPoint)
    {
        endPoint = null;
        ReadOnlySpan<char> text = argument.AsSpan().Trim(Blanks);
        if (text.Length < 4 || text[0] is < '!' or > '~' || text[^1] != text[0])
        {
            return EprtParse.Malformed;
        }

        char delimiter = text[0];
        ReadOnlySpan<char> inner = text[1..^1];
        Span<Range> fields = stackalloc Range[4];
        if (inner.Split(fields, delimiter) != 3)
        {
            return EprtParse.Malformed;
        }

        ReadOnlySpan<char> family = inner[fields[0]];
        ReadOnlySpan<char> host = inner[fields[1]];
        ReadOnlySpan<char> portText = inner[fields[2]];

        if (!TryParseDecimal(family, maxDigits: 3, out int familyNumber))
        {
            return EprtParse.Malformed;
        }

        if (familyNumber is not (1 or 2))
        {
            return EprtParse.UnsupportedFamily;
        }

        IPAddress? address = familyNumber == 1 ? ParseStrictIPv4(host) : ParseIPv6(host);
        if (address is null
            || !TryParseDecimal(portText, maxDigits: 5, out int port)
            || port is < IPEndPoint.MinPort + 1 or > IPEndPoint.MaxPort)
        {
            return EprtParse.Malformed;
        }

        endPoint = new IPEndPoint(address, port);
        return EprtParse.Ok;
    }

    /// <summary>
    /// "Entering Passive Mode (h1,h2,h3,h4,p1,p2)." for an IPv4 address. An IPv4-mapped IPv6 address
    /// (a dual-stack socket's view of an IPv4 peer) is written as its IPv4 form; a real IPv6 address
    /// cannot be written in a 227 reply and throws <see cref="ArgumentException"/>.
    /// </summary>
    public static string FormatPasv(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        CheckPort(port);
        address = ClientAddress.Normalize(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("PASV can only announce an IPv4 address; use EPSV for IPv6.", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Entering Passive Mode ({bytes[0]},{bytes[1]},{bytes[2]},{bytes[3]},{port >> 8},{port & 0xFF}).");
    }

    /// <summary>"Entering Extended Passive Mode (|||port|)".</summary>
    public static string FormatEpsv(int port)
    {
        CheckPort(port);
        return string.Create(CultureInfo.InvariantCulture, $"Entering Extended Passive Mode (|||{port}|)");
    }

    private static void CheckPort(int port)
    {
        // Port 0 means "any" to bind(), never a port a client can connect to.
        ArgumentOutOfRangeException.ThrowIfLessThan(port, IPEndPoint.MinPort + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
    }

    /// <summary>
    /// Plain decimal digits only: no sign, no blanks, no hex. Leading zeros are decimal ("010" is 10),
    /// not octal as inet_aton would read them. <paramref name="maxDigits"/> keeps the value from overflowing.
    /// </summary>
    private static bool TryParseDecimal(ReadOnlySpan<char> text, int maxDigits, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > maxDigits)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Exactly four dotted decimal bytes: IPAddress.Parse would also take "1.2", "0x7f.1" and "2130706433".</summary>
    private static IPAddress? ParseStrictIPv4(ReadOnlySpan<char> text)
    {
        Span<Range> parts = stackalloc Range[5];
        if (text.Split(parts, '.') != 4)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < 4; i++)
        {
            if (!TryParseDecimal(text[parts[i]], maxDigits: 3, out int value) || value > byte.MaxValue)
            {
                return null;
            }

            bytes[i] = (byte)value;
        }

        return new IPAddress(bytes);
    }

    private static IPAddress? ParseIPv6(ReadOnlySpan<char> text)
    {
        // Brackets and scope ids are URL and socket-API notations, not RFC 2428's.
        if (text.IndexOfAny("%[]") >= 0 || !text.Contains(':')
            || !IPAddress.TryParse(text, out IPAddress? address)
            || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        return ClientAddress.Normalize(address);
    }
}

public enum EprtParse
{
    Ok,
    Malformed,
    UnsupportedFamily,
}
