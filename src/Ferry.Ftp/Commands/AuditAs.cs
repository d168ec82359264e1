namespace Ferry.Ftp.Commands;

/// <summary>
/// Whether and how a command appears in the audit log (W3C, xferlog), and which path it names.
/// The dispatcher reads it from the command table, so no handler logs for itself.
/// </summary>
public enum AuditAs
{
    /// <summary>Not logged: parameters, information and other commands that touch no file.</summary>
    None,

    /// <summary>Logged with its argument resolved against the working folder (DELE, MKD, RNFR...).</summary>
    Path,

    /// <summary>CWD, CDUP: logged with the folder reached, or the one asked for when refused.</summary>
    FolderChange,

    /// <summary>LIST, NLST, MLSD: the path after any ls-style options; data sent to the client.</summary>
    Listing,

    /// <summary>RETR: a file sent to the client.</summary>
    Download,

    /// <summary>STOR, APPE, STOU: a file received from the client.</summary>
    Upload,

    /// <summary>USER, PASS: logged with the name only, never the argument of PASS.</summary>
    Logon,
}
