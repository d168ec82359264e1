using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Ferry.Ftp.Protocol;

/// <summary>
/// Cuts the control connection's bytes into command lines. Keeps state between calls, so a line may
/// arrive one byte at a time. Handles the Telnet controls RFC 959 clients send (IAC IAC is a literal
/// 0xFF; IAC IP, IAC DM and option negotiation are removed). Lines end at LF (CRLF or a bare LF).
/// </summary>
/// <remarks>
/// <para>Decoding: a line that is valid UTF-8 is decoded as UTF-8 (RFC 2640). A line that is not is
/// decoded as Latin-1 instead, one byte per char, so that a legacy client's 8-bit file names survive
/// as distinct chars (0x00-0xFF) rather than collapsing into U+FFFD.</para>
/// <para>End of line: CR LF and a bare LF end a line. Telnet's CR NUL (a bare carriage return) is
/// removed entirely. A CR followed by anything else is kept as a literal CR.</para>
/// <para>Telnet: IAC IAC is a literal 0xFF byte; IAC IP and IAC DM are removed and mark the next line
/// returned as <see cref="FtpLine.Interrupted"/>; IAC WILL/WONT/DO/DONT and their option byte are
/// removed; any other IAC command is removed with its single command byte. Subnegotiation
/// (IAC SB ... IAC SE) is not understood: no FTP client sends it on the control connection.</para>
/// <para>Memory: the reader holds at most <see cref="MaxLineBytes"/> bytes of an unfinished line,
/// in a pooled array that goes back to the pool as soon as the line ends. An overlong line is not
/// buffered at all from the point it passes the limit, even if its LF never comes.</para>
/// </remarks>
public sealed class FtpLineReader
{
    /// <summary>
    /// The longest command line accepted, in bytes without CRLF. vsftpd uses 4096 too: longer than any
    /// path a client sends, and it bounds what one session can make the server buffer.
    /// </summary>
    public const int MaxLineBytes = 4096;

    private const byte Iac = 255;
    private const byte Dont = 254;
    private const byte Will = 251;
    private const byte InterruptProcess = 244;
    private const byte DataMark = 242;
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    private enum TelnetState : byte
    {
        Text,
        AfterCr,
        AfterIac,
        OptionByte,
    }

    private TelnetState _state;
    private byte[]? _pending;
    private int _pendingLength;
    private bool _tooLong;
    private bool _interruptPending;

    /// <summary>Bytes of an unfinished line held between calls; never more than <see cref="MaxLineBytes"/>.</summary>
    internal int BufferedByteCount => _pendingLength;

    /// <summary>Whether the reader currently holds a pooled array for an unfinished line.</summary>
    internal bool HoldsBuffer => _pending is not null;

    /// <summary>
    /// Consumes bytes from <paramref name="buffer"/> (advancing it past what was used) and returns true
    /// when a whole line, or the end of an overlong one, has been read. On false, all of
    /// <paramref name="buffer"/> has been consumed.
    /// </summary>
    public bool TryReadLine(ref ReadOnlySequence<byte> buffer, out FtpLine line)
    {
        if (TryReadSimpleLine(ref buffer, out line))
        {
            return true;
        }

        var reader = new SequenceReader<byte>(buffer);
        while (!reader.End)
        {
            ReadOnlySpan<byte> span = reader.UnreadSpan;
            int index = 0;
            while (index < span.Length)
            {
                if (_state == TelnetState.Text)
                {
                    // Copy the run of ordinary bytes in one go; stop at anything that needs a decision.
                    ReadOnlySpan<byte> rest = span[index..];
                    int special = rest.IndexOfAny(Iac, Cr, Lf);
                    if (special < 0)
                    {
                        Append(rest);
                        index = span.Length;
                        break;
                    }

                    Append(rest[..special]);
                    index += special;
                }

                bool lineEnded = Step(span[index]);
                index++;
                if (lineEnded)
                {
                    reader.Advance(index);
                    buffer = buffer.Slice(reader.Position);
                    line = TakeLine();
                    return true;
                }
            }

            reader.Advance(span.Length);
        }

        buffer = buffer.Slice(buffer.End);
        line = default;
        return false;
    }

    /// <summary>
    /// The common case without copying: a whole line of plain text in the first segment, with nothing
    /// held from before. Anything unusual (Telnet, a CR inside the line, a split) takes the general path.
    /// </summary>
    private bool TryReadSimpleLine(ref ReadOnlySequence<byte> buffer, out FtpLine line)
    {
        line = default;
        if (_state != TelnetState.Text || _pendingLength != 0 || _tooLong)
        {
            return false;
        }

        ReadOnlySpan<byte> first = buffer.FirstSpan;
        int lf = first.IndexOf(Lf);
        if (lf < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> text = first[..lf];
        if (!text.IsEmpty && text[^1] == Cr)
        {
            text = text[..^1];
        }

        if (text.Length > MaxLineBytes || text.IndexOfAny(Iac, Cr) >= 0)
        {
            return false;
        }

        line = new FtpLine(Decode(text), TooLong: false, Interrupted: TakeInterrupt());
        buffer = buffer.Slice(lf + 1);
        return true;
    }

    /// <summary>Feeds one byte that is not part of a plain-text run. Returns true at the end of a line.</summary>
    private bool Step(byte value)
    {
        switch (_state)
        {
            case TelnetState.AfterCr:
                if (value == Lf)
                {
                    _state = TelnetState.Text;
                    return true;
                }

                if (value == 0)
                {
                    // Telnet CR NUL: a bare carriage return, which means nothing in a command.
                    _state = TelnetState.Text;
                    return false;
                }

                Append(Cr);
                _state = TelnetState.Text;
                return StepText(value);

            case TelnetState.AfterIac:
                _state = TelnetState.Text;
                if (value == Iac)
                {
                    Append(Iac);
                }
                else if (value is InterruptProcess or DataMark)
                {
                    _interruptPending = true;
                }
                else if (value is >= Will and <= Dont)
                {
                    _state = TelnetState.OptionByte;
                }

                return false;

            case TelnetState.OptionByte:
                _state = TelnetState.Text;
                return false;

            default:
                return StepText(value);
        }
    }

    private bool StepText(byte value)
    {
        switch (value)
        {
            case Lf:
                return true;
            case Cr:
                _state = TelnetState.AfterCr;
                return false;
            case Iac:
                _state = TelnetState.AfterIac;
                return false;
            default:
                Append(value);
                return false;
        }
    }

    private void Append(byte value) => Append(new ReadOnlySpan<byte>(in value));

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_tooLong || bytes.IsEmpty)
        {
            return;
        }

        if (_pendingLength + bytes.Length > MaxLineBytes)
        {
            // From here on only the LF matters; what came so far is dropped, so memory stays bounded.
            _tooLong = true;
            ReleasePending();
            return;
        }

        _pending ??= ArrayPool<byte>.Shared.Rent(MaxLineBytes);
        bytes.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += bytes.Length;
    }

    private FtpLine TakeLine()
    {
        bool interrupted = TakeInterrupt();
        if (_tooLong)
        {
            _tooLong = false;
            return new FtpLine(string.Empty, TooLong: true, Interrupted: interrupted);
        }

        string text = _pending is null ? string.Empty : Decode(_pending.AsSpan(0, _pendingLength));
        ReleasePending();
        return new FtpLine(text, TooLong: false, Interrupted: interrupted);
    }

    private bool TakeInterrupt()
    {
        bool interrupted = _interruptPending;
        _interruptPending = false;
        return interrupted;
    }

    private void ReleasePending()
    {
        if (_pending is not null)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
        }

        _pendingLength = 0;
    }

    private static string Decode(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return string.Empty;
        }

        return Utf8.IsValid(text) ? Encoding.UTF8.GetString(text) : Encoding.Latin1.GetString(text);
    }
}
