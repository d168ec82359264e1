namespace Ferry.Ftp.Tls;

/// <summary>The PROT level of the data connections (RFC 2228); S and E are not offered by TLS (RFC 4217 section 9).</summary>
public enum DataProtection
{
    Clear,
    Private,
}
