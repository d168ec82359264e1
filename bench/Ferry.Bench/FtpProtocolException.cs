namespace Ferry.Bench;

/// <summary>
/// The server answered something the step did not expect (a negative reply, a malformed line).
/// The control connection is still usable when <see cref="InSync"/> is true.
/// </summary>
public sealed class FtpProtocolException(string message, bool inSync) : Exception(message)
{
    public bool InSync { get; } = inSync;
}
