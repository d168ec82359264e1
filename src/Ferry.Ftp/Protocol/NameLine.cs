namespace Ferry.Ftp.Protocol;

/// <summary>
/// How a listing line ends with a name (LIST, NLST, MLSD): a CR or LF in a name would end the line
/// and forge an entry, so each becomes '?', one line per file. UTF-8 lead and continuation bytes
/// are all &gt;= 0x80, so replacing these bytes cannot split a char.
/// </summary>
internal static class NameLine
{
    /// <summary>Replaces CR and LF in the written name with '?'; returns its length.</summary>
    public static int ReplaceLineBreaks(Span<byte> written)
    {
        if (written.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            written.Replace((byte)'\r', (byte)'?');
            written.Replace((byte)'\n', (byte)'?');
        }

        return written.Length;
    }

    /// <summary>Ends the line after the name's <paramref name="nameLength"/> bytes at the start of <paramref name="span"/>: the name made safe, then CRLF.</summary>
    public static int End(Span<byte> span, int nameLength)
    {
        int at = ReplaceLineBreaks(span[..nameLength]);
        "\r\n"u8.CopyTo(span[at..]);
        return at + 2;
    }
}
