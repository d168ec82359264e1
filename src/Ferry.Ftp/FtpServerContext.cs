using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Ftp.Data;
using Ferry.Ftp.Session;
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
    TimeProvider Time);
