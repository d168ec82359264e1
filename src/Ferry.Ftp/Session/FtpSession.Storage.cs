using Ferry.Core.Storage;

namespace Ferry.Ftp.Session;

/// <summary>What the session's storage keeps, so that commands offer only that.</summary>
public sealed partial class FtpSession
{
    /// <summary>The logged-on account's storage capabilities; before logon, those the server announces.</summary>
    public StorageCapabilities StorageCapabilities => Files?.Capabilities ?? Server.StorageCapabilities;

    /// <summary>True when the storage keeps every one of <paramref name="capabilities"/>.</summary>
    public bool Offers(StorageCapabilities capabilities) => (StorageCapabilities & capabilities) == capabilities;
}
