namespace Ferry.Ftp.Transfers;

/// <summary>
/// TYPE A on the way out (RFC 959 3.1.1.1): a stored line end (LF) goes on the wire as CRLF. An LF
/// that already follows a CR is left alone, so files with CRLF do not become CR CR LF. Keeps one
/// byte of state so chunk boundaries do not matter.
/// </summary>
public sealed class AsciiEncoder
{
    private bool _lastWasCr;

    /// <summary>Worst case output is twice the input.</summary>
    public static int MaxOutput(int inputLength) => inputLength * 2;

    public int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        foreach (var b in input)
        {
            if (b == (byte)'\n' && !_lastWasCr)
            {
                output[written++] = (byte)'\r';
            }

            output[written++] = b;
            _lastWasCr = b == (byte)'\r';
        }

        return written;
    }
}
