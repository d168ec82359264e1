using Ferry.Ftp.Protocol;

namespace Ferry.Ftp.Session;

/// <summary>State of the extensions beyond RFC 959: HASH and RANGE, MODE Z, CLNT.</summary>
public sealed partial class FtpSession
{
    /// <summary>The algorithm HASH uses, as chosen by OPTS HASH (draft-bryan-ftpext-hash).</summary>
    public HashName HashAlgorithm { get; set; } = HashNames.Default;

    /// <summary>The byte range (first and last byte, both included) RANGE set for the next HASH; null for the whole file.</summary>
    public (long First, long Last)? HashRange { get; set; }

    /// <summary>MODE Z (deflate) when true: transfers are compressed on the data connection.</summary>
    public bool Deflate { get; set; }

    /// <summary>The zlib level for MODE Z (OPTS MODE Z LEVEL n, 0-9).</summary>
    public int DeflateLevel { get; set; } = DeflateLevels.Default;

    /// <summary>What the client called itself with CLNT; shown in logs. Null until it says.</summary>
    public string? ClientName { get; set; }

    /// <summary>REIN: the extensions' parameters go back to their defaults with the others.</summary>
    private void ResetExtensions()
    {
        HashAlgorithm = HashNames.Default;
        HashRange = null;
        Deflate = false;
        DeflateLevel = DeflateLevels.Default;
    }
}
