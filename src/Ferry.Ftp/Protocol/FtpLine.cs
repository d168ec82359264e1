namespace Ferry.Ftp.Protocol;

/// <summary>One command line from the client, Telnet controls removed.</summary>
/// <param name="Text">The line without CRLF, decoded as UTF-8; empty when <paramref name="TooLong"/>.</param>
/// <param name="TooLong">The line passed <see cref="FtpLineReader.MaxLineBytes"/> and was discarded up to its end.</param>
/// <param name="Interrupted">A Telnet IP (interrupt process) or DM (data mark, the Synch) came before this line: the client is aborting.</param>
public readonly record struct FtpLine(string Text, bool TooLong, bool Interrupted);
