namespace Ferry.Ftp.Tls;

/// <summary>How a server offers FTPS (RFC 4217) on its explicit port.</summary>
public enum FtpTlsMode
{
    /// <summary>No TLS: AUTH is refused and FEAT does not offer it.</summary>
    Disabled,

    /// <summary>AUTH TLS is offered; clients may also log on and transfer in the clear.</summary>
    Explicit,

    /// <summary>Logons (except plain anonymous, when allowed) and data connections must be protected.</summary>
    Required,
}
