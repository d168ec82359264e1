using Ferry.Core.Access;
using Ferry.Ftp.Sites;
using Ferry.Ftp.Tls;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Session;

/// <summary>
/// The virtual site a session works in (RFC 7151): chosen before logon by HOST, by IIS's
/// <c>USER site|name</c>, or by the TLS server name (SNI) when HOST was not sent; none means the
/// server's own accounts, banner and certificate. Only the logon's accounts and storage, the banner
/// and the certificate differ between sites; bans and limits are the server's.
/// </summary>
public sealed partial class FtpSession
{
    /// <summary>The TLS options whose certificate the control connection presented; data connections present the same.</summary>
    private FtpTlsOptions? _controlTls;

    /// <summary>The chosen site; null for the server's default site.</summary>
    public FtpSite? Site { get; private set; }

    /// <summary>HOST named the site: a later USER site|name must name the same one, and SNI no longer chooses.</summary>
    public bool SiteChosenByHost { get; private set; }

    /// <summary>The gate of the chosen site: its accounts, its storage.</summary>
    public AccessService Access => Site?.Access ?? Server.Access;

    /// <summary>The chosen site's greeting.</summary>
    public string Banner => Site?.Banner ?? Options.Banner;

    /// <summary>The chosen site's lines above 230, or the server's; null: none.</summary>
    public string? Greeting => Site?.Greeting ?? Options.Greeting;

    /// <summary>The chosen site's 221 text, or the server's; null: "Goodbye.".</summary>
    public string? ExitMessage => Site?.ExitMessage ?? Options.ExitMessage;

    /// <summary>
    /// The FTPS options in force: those the control connection's handshake used, once there was one;
    /// before it, the chosen site's (its certificate), or the server's.
    /// </summary>
    public FtpTlsOptions Tls => _controlTls ?? Site?.Tls ?? Options.Tls;

    /// <summary>Chooses <paramref name="site"/> (null: the default site) for the rest of the session's logons.</summary>
    internal void SelectSite(FtpSite? site, bool byHost)
    {
        Site = site;
        SiteChosenByHost |= byHost;
        Logger.LogInformation("FTP session {Session}: site {Site} ({How})", Connection.Id, site?.Name ?? "(default)", byHost ? "HOST" : "USER site|name");
    }

    /// <summary>On the implicit port the handshake ran before the session: its server name chose the site, and its certificate is fixed.</summary>
    private void SelectSiteFromImplicitTls()
    {
        if (!Connection.ImplicitTls)
        {
            return;
        }

        Site = Server.Sites.Find(Connection.ServerName);
        _controlTls = Tls;
    }

    /// <summary>
    /// AUTH TLS: the options for the handshake, chosen once the client's hello is read. A site chosen
    /// by HOST keeps its certificate; otherwise a server name (SNI) that names a site chooses it,
    /// as on the implicit port. An unknown server name leaves the choice as it was.
    /// </summary>
    private FtpTlsOptions ChooseControlTls(string? serverName)
    {
        if (!SiteChosenByHost && Server.Sites.Find(serverName) is { } site)
        {
            Site = site;
            Logger.LogInformation("FTP session {Session}: site {Site} (TLS server name)", Connection.Id, site.Name);
        }

        _controlTls = Site?.Tls ?? Options.Tls;
        return _controlTls;
    }
}
