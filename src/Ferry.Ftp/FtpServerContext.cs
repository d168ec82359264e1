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
    FtpSessions Sessions,
    ILoggerFactory LoggerFactory,
    TimeProvider Time);
