using Ferry.Core.Identity;
using Ferry.Core.Storage;
using Ferry.Ftp.Data;
using Ferry.Ftp.Session;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp;

/// <summary>What every FTP session of one server shares. Built once by the host and passed in.</summary>
public sealed record FtpServerContext(
    FtpOptions Options,
    LoginPolicy Login,
    Func<Account, IStorage> StorageFor,
    IDataChannelFactory DataChannels,
    SessionRegistry Sessions,
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
}
