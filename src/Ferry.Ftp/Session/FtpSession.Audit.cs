using System.Net;
using Ferry.Core.Audit;
using Ferry.Ftp.Commands;
using Ferry.Ftp.Protocol;

namespace Ferry.Ftp.Session;

/// <summary>
/// The audit log's side of a session: the dispatcher opens a scope for each command the table marks,
/// every reply records its code in it, and the command (or the transfer it started) ends it with
/// one <see cref="AuditEvent"/>. No handler logs for itself.
/// </summary>
public sealed partial class FtpSession
{
    /// <summary>
    /// The command being audited. Per session, never static: a value set by the dispatcher flows into
    /// the transfer the command starts (so the transfer's 226 or 426 lands in its scope), while STAT or
    /// ABOR during that transfer run with a value of their own and do not disturb it.
    /// </summary>
    private readonly AsyncLocal<AuditScope?> _audit = new();

    private AuditScope? BeginAudit(FtpCommandSpec? spec, string argument)
    {
        if (spec is null || spec.Audit == AuditAs.None || !Server.Audit.IsEnabled)
        {
            return null;
        }

        var user = spec.Verb == "USER" ? Printable(argument.Trim()) : Account?.Name ?? PendingUser;
        var scope = new AuditScope(spec.Verb, spec.Audit, AuditPath(spec.Audit, argument), user, Server.Time.GetTimestamp());
        _audit.Value = scope;
        return scope;
    }

    private void RecordReply(int code) => _audit.Value?.Replied(code);

    /// <summary>A command queued behind a transfer: its time-taken starts when it runs, not while it waited.</summary>
    private void RestartAuditClock()
    {
        if (_audit.Value is { } scope)
        {
            scope.Started = Server.Time.GetTimestamp();
        }
    }

    /// <summary>The command ends here unless it started a transfer, which then ends the scope itself.</summary>
    private void EndCommandAudit(AuditScope scope)
    {
        if (scope.HandedToTransfer)
        {
            return;
        }

        if (scope.Kind == AuditAs.FolderChange && scope.Status is > 0 and < 400)
        {
            scope.Path = CurrentDirectory.Value;
        }

        WriteAudit(scope, 0);
    }

    /// <summary>Called as a transfer starts: the running command's scope now belongs to the transfer.</summary>
    private AuditScope? TakeAuditForTransfer()
    {
        var scope = _audit.Value;
        if (scope is not null)
        {
            scope.HandedToTransfer = true;
        }

        return scope;
    }

    /// <summary>STOU learns its file name only when it has found a free one.</summary>
    internal void NoteAuditPath(string path)
    {
        if (_audit.Value is { } scope)
        {
            scope.Path = path;
        }
    }

    private void WriteAudit(AuditScope scope, long transferred)
    {
        var transfer = scope.Kind switch
        {
            AuditAs.Download => AuditTransfer.Download,
            AuditAs.Upload => AuditTransfer.Upload,
            AuditAs.Listing => AuditTransfer.Listing,
            _ => AuditTransfer.None,
        };
        var now = Server.Time.GetUtcNow();
        Server.Audit.Write(new AuditEvent(
            now,
            Connection.Id,
            ControlProtected ? "ftps" : ProtocolName,
            new IPEndPoint(Connection.ClientAddress, Connection.Remote.Port),
            new IPEndPoint(Connection.LocalAddress, Connection.Local.Port),
            scope.Verb == "USER" ? scope.User : Account?.Name ?? scope.User,
            scope.Verb,
            scope.Path,
            scope.Status,
            Server.Time.GetElapsedTime(scope.Started))
        {
            BytesSent = transfer is AuditTransfer.Download or AuditTransfer.Listing ? transferred : 0,
            BytesReceived = transfer == AuditTransfer.Upload ? transferred : 0,
            Transfer = transfer,
            Binary = transfer is AuditTransfer.None or AuditTransfer.Listing || TransferType == TransferType.Image,
            Anonymous = AnonymousLogon,
            Host = Site?.Name,
        });
    }

    /// <summary>The path a command names, resolved as its handler will resolve it; the argument as typed (made printable) when it is not a path.</summary>
    private string? AuditPath(AuditAs kind, string argument)
    {
        var text = kind switch
        {
            AuditAs.Logon => null,
            AuditAs.Listing => ListArguments.Parse(argument).Path ?? "",
            _ => argument,
        };
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0)
        {
            // CDUP, XCUP name the parent of the working folder; LIST without a path lists the working folder.
            return kind == AuditAs.FolderChange ? Resolve("..")?.Value : CurrentDirectory.Value;
        }

        return Resolve(text)?.Value ?? Printable(text);
    }
}
