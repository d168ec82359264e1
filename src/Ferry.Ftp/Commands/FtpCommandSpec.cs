using Ferry.Core.Storage;
using Ferry.Ftp.Session;

namespace Ferry.Ftp.Commands;

/// <summary>Runs one command. The argument is the text after the verb and one space ("" when none).</summary>
public delegate ValueTask CommandHandler(FtpSession session, string argument, CancellationToken cancellationToken);

public enum ArgumentRule
{
    /// <summary>Any argument is a syntax error (501).</summary>
    None,
    Optional,

    /// <summary>A missing argument is a syntax error (501).</summary>
    Required,
}

/// <summary>
/// One row of the command table: everything the dispatcher needs to answer 500/501/502/530 and
/// build FEAT and HELP, so no handler repeats those checks.
/// </summary>
/// <param name="Verb">Upper-case command verb.</param>
/// <param name="Syntax">The argument's shape for HELP, e.g. "&lt;path&gt;".</param>
/// <param name="Help">One sentence for HELP.</param>
/// <param name="NeedsLogin">False only for the small pre-login surface.</param>
/// <param name="DuringTransfer">Runs at once while a transfer is in progress (ABOR, STAT, NOOP); others wait for it to end.</param>
/// <param name="Feature">The FEAT line this command adds, if any.</param>
/// <param name="NeedsTls">The FEAT line is listed only when the server offers TLS.</param>
/// <param name="Requires">
/// What the storage must keep for the command to work at all: without it the command is answered
/// 502 before its handler runs, and its FEAT line is left out.
/// </param>
/// <param name="Audit">Whether the command is written to the audit log, and with which path.</param>
public sealed record FtpCommandSpec(
    string Verb,
    ArgumentRule Argument,
    string Syntax,
    string Help,
    CommandHandler Handler,
    bool NeedsLogin = true,
    bool DuringTransfer = false,
    string? Feature = null,
    bool NeedsTls = false,
    StorageCapabilities Requires = StorageCapabilities.None,
    AuditAs Audit = AuditAs.None);
