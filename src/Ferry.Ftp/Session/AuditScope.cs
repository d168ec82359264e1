using Ferry.Ftp.Commands;

namespace Ferry.Ftp.Session;

/// <summary>
/// One audited command in flight: what it named, when it began and the last final reply it sent.
/// A transfer command hands its scope to the background transfer, which ends it.
/// </summary>
internal sealed class AuditScope(string verb, AuditAs kind, string? path, string? user, long started)
{
    private int _status;

    public string Verb { get; } = verb;

    public AuditAs Kind { get; } = kind;

    public string? Path { get; set; } = path;

    public string? User { get; } = user;

    /// <summary>When the command began to run: after any transfer it waited for, whose time is not its own.</summary>
    public long Started { get; set; } = started;

    /// <summary>Set when the command started a background transfer: that transfer writes the entry, not the command.</summary>
    public bool HandedToTransfer { get; set; }

    public int Status => Volatile.Read(ref _status);

    /// <summary>Keeps the last final reply: a 150 says only that data will follow, the 226 or 426 after it ends the command.</summary>
    public void Replied(int code)
    {
        if (code >= 200)
        {
            Volatile.Write(ref _status, code);
        }
    }
}
