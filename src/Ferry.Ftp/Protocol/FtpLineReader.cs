using System.Buffers;

namespace Ferry.Ftp.Protocol;

/// <summary>
/// Cuts the control connection's bytes into command lines. Keeps state between calls, so a line may
/// arrive one byte at a time. Handles the Telnet controls RFC 959 clients send (IAC IAC is a literal
/// 0xFF; IAC IP, IAC DM and option negotiation are removed). Lines end at LF (CRLF or a bare LF).
/// </summary>
public sealed class FtpLineReader
{
    /// <summary>
    /// The longest command line accepted, in bytes without CRLF. vsftpd uses 4096 too: longer than any
    /// path a client sends, and it bounds what one session can make the server buffer.
    /// </summary>
    public const int MaxLineBytes = 4096;

    /// <summary>
    /// Consumes bytes from <paramref name="buffer"/> (advancing it past what was used) and returns true
    /// when a whole line, or the end of an overlong one, has been read.
    /// </summary>
    public bool TryReadLine(ref ReadOnlySequence<byte> buffer, out FtpLine line)
    {
        throw new NotImplementedException();
    }
}
