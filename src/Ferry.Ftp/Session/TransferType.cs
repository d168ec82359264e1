namespace Ferry.Ftp.Session;

/// <summary>TYPE A converts line ends to CRLF on the wire (RFC 959 3.1.1.1); TYPE I sends bytes as they are.</summary>
public enum TransferType
{
    Ascii,
    Image,
}
