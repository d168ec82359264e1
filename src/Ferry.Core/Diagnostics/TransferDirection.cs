namespace Ferry.Core.Diagnostics;

/// <summary>Seen from the server: a download sends file bytes to the client, an upload receives them.</summary>
public enum TransferDirection
{
    Download,
    Upload,
}

/// <summary>How a file transfer ended.</summary>
public enum TransferResult
{
    /// <summary>Every byte moved and the protocol confirmed it (FTP 226, HTTP 2xx).</summary>
    Ok,

    /// <summary>The client or an administrator stopped it (ABOR, a closed connection, a kick).</summary>
    Aborted,

    /// <summary>Storage, the network or a stall ended it.</summary>
    Failed,
}
