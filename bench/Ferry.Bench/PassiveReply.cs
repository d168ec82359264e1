using System.Numerics;

namespace Ferry.Bench;

/// <summary>
/// The data port from a 227 (PASV) or 229 (EPSV) reply. The address in 227 is ignored: the driver
/// connects to the control connection's loopback address, as ftplib and curl do by default.
/// The byte overloads read the reply where it was received, so the per-file path decodes no string.
/// </summary>
public static class PassiveReply
{
    /// <summary>Finds "h1,h2,h3,h4,p1,p2" anywhere in the text (servers differ on the parentheses).</summary>
    public static bool TryParsePasv(string text, out int port) => TryParsePasv(text.AsSpan(), out port);

    /// <summary>"229 Entering Extended Passive Mode (|||6446|)": the delimiter is whatever follows "(".</summary>
    public static bool TryParseEpsv(string text, out int port) => TryParseEpsv(text.AsSpan(), out port);

    public static bool TryParsePasv(ReadOnlySpan<byte> text, out int port) => TryParsePasv<byte>(text, out port);

    public static bool TryParseEpsv(ReadOnlySpan<byte> text, out int port) => TryParseEpsv<byte>(text, out port);

    private static bool TryParsePasv<T>(ReadOnlySpan<T> text, out int port)
        where T : unmanaged, IBinaryInteger<T>
    {
        port = 0;
        for (var i = 4; i < text.Length; i++)
        {
            if (!IsDigit(text[i]) || IsDigit(text[i - 1]))
            {
                continue;
            }

            if (TryParseSix(text, i, out port))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParseEpsv<T>(ReadOnlySpan<T> text, out int port)
        where T : unmanaged, IBinaryInteger<T>
    {
        port = 0;
        var open = text.IndexOf(T.CreateTruncating('('));
        if (open < 0 || open + 4 >= text.Length)
        {
            return false;
        }

        var delimiter = text[open + 1];
        if (IsDigit(delimiter) || text[open + 2] != delimiter || text[open + 3] != delimiter)
        {
            return false;
        }

        var i = open + 4;
        var value = 0;
        var digits = 0;
        while (i < text.Length && IsDigit(text[i]) && digits < 6)
        {
            value = (value * 10) + Digit(text[i]);
            digits++;
            i++;
        }

        if (digits == 0 || value is < 1 or > 65535 || i + 1 >= text.Length || text[i] != delimiter || text[i + 1] != T.CreateTruncating(')'))
        {
            return false;
        }

        port = value;
        return true;
    }

    private static bool TryParseSix<T>(ReadOnlySpan<T> text, int i, out int port)
        where T : unmanaged, IBinaryInteger<T>
    {
        port = 0;
        Span<int> numbers = stackalloc int[6];
        for (var n = 0; n < 6; n++)
        {
            var value = 0;
            var digits = 0;
            while (i < text.Length && IsDigit(text[i]) && digits < 4)
            {
                value = (value * 10) + Digit(text[i]);
                digits++;
                i++;
            }

            if (digits == 0 || value > 255)
            {
                return false;
            }

            numbers[n] = value;
            if (n < 5)
            {
                if (i >= text.Length || text[i] != T.CreateTruncating(','))
                {
                    return false;
                }

                i++;
            }
        }

        port = (numbers[4] * 256) + numbers[5];
        return port > 0;
    }

    private static bool IsDigit<T>(T c)
        where T : unmanaged, IBinaryInteger<T> => uint.CreateTruncating(c) - (uint)'0' <= 9u;

    private static int Digit<T>(T c)
        where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(c) - '0';
}
