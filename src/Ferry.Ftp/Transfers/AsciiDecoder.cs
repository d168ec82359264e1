namespace Ferry.Ftp.Transfers;

/// <summary>
/// TYPE A on the way in: CRLF from the wire is stored as LF. A CR not followed by LF is data and is
/// kept. A CR at the end of a chunk is held until the next byte shows what it was.
/// </summary>
public sealed class AsciiDecoder
{
    private bool _pendingCr;

    /// <summary>Output never exceeds input length + 1 (a held CR).</summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        foreach (var b in input)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                if (b != (byte)'\n')
                {
                    output[written++] = (byte)'\r';
                }
            }

            if (b == (byte)'\r')
            {
                _pendingCr = true;
                continue;
            }

            output[written++] = b;
        }

        return written;
    }

    /// <summary>At the end of the data: a held CR was a lone CR and belongs to the file.</summary>
    public int Flush(Span<byte> output)
    {
        if (!_pendingCr)
        {
            return 0;
        }

        _pendingCr = false;
        output[0] = (byte)'\r';
        return 1;
    }
}
