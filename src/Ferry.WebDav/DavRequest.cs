using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Properties;
using Ferry.WebDav.Methods;
using Ferry.WebDav.Paths;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav;

/// <summary>
/// One authenticated WebDAV request: the HTTP exchange, the account path it names, and the
/// signed-in account's files, lock site and the shared services. Handlers get everything from here.
/// </summary>
public sealed class DavRequest(HttpContext http, VfsPath path, AccessGrant grant, DavServices services, DavMethodTable? methods = null)
{
    public HttpContext Http { get; } = http;

    /// <summary>The account path of the request URL (already decoded once and jailed).</summary>
    public VfsPath Path { get; } = path;

    public AccessGrant Grant { get; } = grant;

    public FileService Files => Grant.Files;

    public string AccountName => Grant.Account.Name;

    public DavServices Services { get; } = services;

    public WebDavOptions Options => Services.Options;

    /// <summary>The method table the request was dispatched through (OPTIONS and every 405 answer list its Allow from it).</summary>
    public DavMethodTable Methods { get; } = methods ?? DavMethodTable.Standard();

    public ILockManager Locks => Services.Locks;

    public IPropertyStore Properties => Services.Properties;

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The connection's slot in the shared session list; null on a host without the session middleware (tests).</summary>
    public SessionEntry? Session => Http.Features.Get<SessionEntryFeature>()?.Session;

    /// <summary>The lock-table key of an account path.</summary>
    public LockKey KeyFor(VfsPath path) => Grant.Locks.KeyFor(path);

    /// <summary>The key of an account path and the folders mounted below it: what a lock or change of depth infinity there reaches.</summary>
    public LockTarget TargetFor(VfsPath path) => Grant.Locks.TargetFor(path);

    /// <summary>The escaped URL path of an account path, as written in hrefs.</summary>
    public string Href(VfsPath path, bool isCollection) => DavPaths.Href(Options.Prefix, path, isCollection);
}
