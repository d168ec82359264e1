using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Audit;
using Ferry.Core.Storage;
using Ferry.Ftp.Data;
using Ferry.Ftp.Session;
using Ferry.Ftp.Sites;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp;

/// <summary>
/// What every FTP session of one server shares. Built once by the host and passed in; the access
/// service and lock table are the host's singletons, shared with every other protocol.
/// </summary>
public sealed record FtpServerContext(
    FtpOptions Options,
    AccessService Access,
    ILockManager Locks,
    IDataChannelFactory DataChannels,
    FtpSessions Sessions,
    ILoggerFactory LoggerFactory,
    TimeProvider Time)
{
    /// <summary>
    /// What the served storage keeps: FEAT advertises, and commands accept, only what it can. A
    /// host that does not say serves a local disk, as Ferry always has.
    /// </summary>
    public StorageCapabilities StorageCapabilities { get; init; } =
        StorageCapabilities.AtomicReplace | StorageCapabilities.Append | StorageCapabilities.RandomWrite
        | StorageCapabilities.SetTimes | StorageCapabilities.UnixModes
        | StorageCapabilities.AtomicDirectoryRename | StorageCapabilities.ServerSideCopy;

    /// <summary>
    /// The virtual sites a client may choose with HOST, <c>USER site|name</c> or the TLS server name
    /// (RFC 7151); none by default. A session that chooses none uses <see cref="Access"/> and the
    /// options' banner and certificate: the server's default site.
    /// </summary>
    public FtpSites Sites { get; init; } = FtpSites.None;

    /// <summary>Where transfers, deletes, renames, folder changes and logons are reported; nothing by default.</summary>
    public IAuditLog Audit { get; init; } = NullAuditLog.Instance;
}
