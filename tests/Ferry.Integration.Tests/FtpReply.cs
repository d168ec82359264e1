namespace Ferry.Integration.Tests;

/// <summary>A reply: its code and its whole text (lines joined with \n).</summary>
public sealed record FtpReply(int Code, string Text);
