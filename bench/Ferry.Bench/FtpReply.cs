namespace Ferry.Bench;

/// <summary>One complete server reply; Text holds every line of a multi-line reply, CRLF removed.</summary>
public readonly record struct FtpReply(int Code, string Text)
{
    public int Class => Code / 100;

    public override string ToString() => Text;
}
