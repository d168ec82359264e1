using System.Net;

namespace Ferry.Core.Audit;

/// <summary>What a logged operation moved over a data connection or in a request body, for transfer logs (xferlog).</summary>
public enum AuditTransfer
{
    /// <summary>No file moved: a delete, rename, folder change, logon or other command.</summary>
    None,

    /// <summary>A file sent to the client (FTP RETR, HTTP GET).</summary>
    Download,

    /// <summary>A file received from the client (FTP STOR, APPE, STOU, HTTP PUT).</summary>
    Upload,

    /// <summary>A folder listing sent to the client (FTP LIST, NLST, MLSD).</summary>
    Listing,
}

/// <summary>
/// One operation a client asked for, as an administrator's log shows it: who, from where, what,
/// the answer, bytes and time. Protocol-neutral: FTP fills in its verb and reply code, HTTP its
/// method and status. Never holds a password or any other secret.
/// </summary>
/// <param name="Time">When the operation ended (UTC), as IIS logs it.</param>
/// <param name="SessionId">The control connection's (FTP) or HTTP connection's id, to follow one session through the log.</param>
/// <param name="Protocol">"ftp", "ftps", "http" or "https": the protocol and whether the control connection was protected.</param>
/// <param name="Client">The client's address (normalised) and port.</param>
/// <param name="Server">The server address and port the client reached.</param>
/// <param name="User">The account name, or the name tried in a refused logon; null before any name was given.</param>
/// <param name="Method">The FTP verb (RETR, DELE, PASS...) or the HTTP method.</param>
/// <param name="Path">The file or folder the operation named, in the account's view; null when none (logons).</param>
/// <param name="Status">The FTP reply code or HTTP status that ended the operation; 0 when none was sent.</param>
/// <param name="Duration">From the command (or request) to its last reply.</param>
public sealed record AuditEvent(
    DateTimeOffset Time,
    string SessionId,
    string Protocol,
    IPEndPoint Client,
    IPEndPoint Server,
    string? User,
    string Method,
    string? Path,
    int Status,
    TimeSpan Duration)
{
    /// <summary>The operating system's error for the failure (IIS's sc-win32-status); 0 when none applies.</summary>
    public int Win32Status { get; init; }

    /// <summary>IIS's sc-substatus, which refines the status; 0 when none applies.</summary>
    public int SubStatus { get; init; }

    /// <summary>Data bytes sent to the client (file or listing data, response body); control replies and headers not counted.</summary>
    public long BytesSent { get; init; }

    /// <summary>Data bytes received from the client (file data, request body).</summary>
    public long BytesReceived { get; init; }

    public AuditTransfer Transfer { get; init; }

    /// <summary>The data went as bytes (FTP TYPE I, and always over HTTP); false for FTP's ASCII type.</summary>
    public bool Binary { get; init; } = true;

    /// <summary>The session is signed on anonymously.</summary>
    public bool Anonymous { get; init; }

    /// <summary>The virtual site the session chose (FTP's HOST, <c>USER site|name</c> or the TLS server name); null for the server's own.</summary>
    public string? Host { get; init; }

    /// <summary>The operation did what was asked: FTP replies and HTTP statuses below 400.</summary>
    public bool Succeeded => Status is > 0 and < 400;
}
