using Ferry.Ftp.Session;
using Ferry.Ftp.Tls;

namespace Ferry.Ftp.Commands;

/// <summary>FTPS (RFC 2228, RFC 4217): AUTH PBSZ PROT CCC. All work before logon.</summary>
internal static class SecurityCommands
{
    public static IEnumerable<FtpCommandSpec> Specs =>
    [
        new("AUTH", ArgumentRule.Required, "TLS", "Protects the control connection with TLS (RFC 4217).", AuthAsync, NeedsLogin: false, Feature: "AUTH TLS", NeedsTls: true),
        new("PBSZ", ArgumentRule.Required, "0", "Sets the protection buffer size; 0 for TLS.", PbszAsync, NeedsLogin: false, Feature: "PBSZ", NeedsTls: true),
        new("PROT", ArgumentRule.Required, "C|P", "Sets data connection protection: C clear, P private (TLS).", ProtAsync, NeedsLogin: false, Feature: "PROT", NeedsTls: true),
        new("CCC", ArgumentRule.None, "", "Would clear the control connection's protection; refused here.", CccAsync, NeedsLogin: false),
    ];

    private static async ValueTask AuthAsync(FtpSession session, string argument, CancellationToken ct)
    {
        var mechanism = argument.Trim().ToUpperInvariant();
        if (!session.Tls.Enabled)
        {
            await session.ReplyAsync(502, "TLS is not enabled on this server.", ct).ConfigureAwait(false);
            return;
        }

        if (session.ControlProtected)
        {
            await session.ReplyAsync(503, "The control connection is already protected by TLS.", ct).ConfigureAwait(false);
            return;
        }

        if (session.LoggedIn)
        {
            // RFC 4217 section 4: the security exchange comes before the logon; a logged-on
            // session must reconnect to protect its control connection.
            await session.ReplyAsync(503, "AUTH must come before logon. Reconnect and send AUTH TLS first.", ct).ConfigureAwait(false);
            return;
        }

        // TLS-C and SSL are the names older drafts and clients use for the same thing.
        if (mechanism is not ("TLS" or "TLS-C" or "SSL"))
        {
            await session.ReplyAsync(504, $"AUTH {FtpSession.Printable(mechanism)} is not supported; use AUTH TLS.", ct).ConfigureAwait(false);
            return;
        }

        // RFC 4217 section 4: a USER sent before AUTH does not carry over into the protected session.
        session.PendingUser = null;
        await session.ReplyAsync(234, $"AUTH {mechanism} successful; start the TLS handshake.", ct).ConfigureAwait(false);
        session.RequestTlsUpgrade();
    }

    private static ValueTask PbszAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (!session.ControlProtected)
        {
            return session.ReplyAsync(503, "PBSZ needs a protected control connection: send AUTH TLS first.", ct);
        }

        // RFC 4217 section 8: TLS needs no buffer size; any value is answered with the only one that applies.
        session.ProtectionBufferSet = true;
        return session.ReplyAsync(200, "PBSZ=0", ct);
    }

    private static ValueTask ProtAsync(FtpSession session, string argument, CancellationToken ct)
    {
        if (!session.ControlProtected || !session.ProtectionBufferSet)
        {
            // RFC 4217 section 9: PROT comes after PBSZ, which comes after AUTH.
            return session.ReplyAsync(503, "PROT needs AUTH TLS and PBSZ 0 first.", ct);
        }

        switch (argument.Trim().ToUpperInvariant())
        {
            case "P":
                session.DataProtection = DataProtection.Private;
                return session.ReplyAsync(200, "Protection level set to Private: data connections use TLS.", ct);
            case "C":
                session.DataProtection = DataProtection.Clear;
                return session.ReplyAsync(200, "Protection level set to Clear: data connections are not protected.", ct);
            case "S" or "E":
                return session.ReplyAsync(536, "Protection levels Safe and Confidential are not supported by TLS; use P or C.", ct);
            default:
                return session.ReplyAsync(504, $"Unknown protection level '{FtpSession.Printable(argument.Trim())}'; use P or C.", ct);
        }
    }

    private static ValueTask CccAsync(FtpSession session, string argument, CancellationToken ct) =>
        session.ControlProtected
            // 534, "request denied for policy reasons" (RFC 2228): a server may refuse CCC by policy.
            ? session.ReplyAsync(534, "CCC refused: Ferry does not return the control connection to clear text. The TLS library it uses cannot unwrap TLS, and a clear control channel would expose every later command (and its paths) to anyone on the path.", ct)
            : session.ReplyAsync(503, "The control connection is not protected; there is nothing to clear.", ct);
}
