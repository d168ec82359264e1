using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Audit;
using Ferry.Core.Properties;
using Microsoft.Extensions.Logging;

namespace Ferry.WebDav;

/// <summary>The process-wide parts a WebDAV request uses, built once by the host.</summary>
public sealed record DavServices(
    WebDavOptions Options,
    AccessService Access,
    ILockManager Locks,
    IPropertyStore Properties,
    ILoggerFactory LoggerFactory,
    TimeProvider Time)
{
    /// <summary>Where every request is reported (method, path, status, bytes, time); nothing by default.</summary>
    public IAuditLog Audit { get; init; } = NullAuditLog.Instance;

    /// <summary>
    /// The access service of the virtual site a request's Host name names (the same sites FTP's HOST
    /// chooses); null, as for every name by default, means the server's own <see cref="Access"/>.
    /// </summary>
    public Func<string, AccessService?> Sites { get; init; } = _ => null;
}
