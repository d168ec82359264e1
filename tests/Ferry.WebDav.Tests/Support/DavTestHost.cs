using System.Collections.Immutable;
using System.Net;
using System.Text;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Audit;
using Ferry.Core.Identity;
using Ferry.Core.Limits;
using Ferry.Core.Paths;
using Ferry.Core.Properties;
using Ferry.Core.Storage;
using Ferry.Core.Storage.Memory;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.WebDav.Tests.Support;

/// <summary>
/// The WebDAV engine without a network: requests go straight to <see cref="WebDavServer.HandleAsync"/>
/// as HttpContexts with in-memory bodies. Two accounts share one storage: alice (home "/") and bob
/// (home "/bob", so his "/x" is alice's "/bob/x" and both meet at one lock key).
/// </summary>
internal sealed class DavTestHost
{
    public const string Alice = "alice";
    public const string Bob = "bob";
    public const string Password = "secret-pw";

    public DavTestHost(WebDavOptions? options = null, IStorage? storage = null, TimeProvider? time = null, Permissions alicePermissions = Permissions.All, IAuditLog? audit = null, AccountLimits? aliceLimits = null, AccountPolicy? alicePolicy = null)
    {
        Time = time ?? TimeProvider.System;
        Storage = storage ?? new InMemoryStorage();
        var hasher = new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1_000 });
        var accounts = new InMemoryAccountStore(
        [
            new Account(Alice, hasher.Hash(Password), "/", alicePermissions, ImmutableArray<FolderPermission>.Empty) { Limits = aliceLimits ?? AccountLimits.None, Policy = alicePolicy ?? AccountPolicy.Default },
            new Account(Bob, hasher.Hash(Password), "/bob", Permissions.All, ImmutableArray<FolderPermission>.Empty),
        ]);
        var login = new LoginPolicy(accounts, hasher, new LoginPolicyOptions { FailureDelay = TimeSpan.Zero }, new FailureTracker(new BanOptions(), Time), Time);
        var sessions = new SessionRegistry(SessionLimits.None, Time);
        Access = new AccessService(login, sessions, account => account.Name == Bob ? new SubtreeStorage(Storage, VfsPath.Parse("/bob")) : Storage,
            account => new LockSite("tree", account.Name == Bob ? VfsPath.Parse("/bob") : VfsPath.Root))
        {
            Limiters = AccountLimiters.Create(BandwidthLimits.None, Time),
        };
        Locks = new InMemoryLockManager(new LockOptions(), Time);
        Properties = new InMemoryPropertyStore();
        Services = new DavServices(options ?? new WebDavOptions(), Access, Locks, Properties, NullLoggerFactory.Instance, Time) { Audit = audit ?? NullAuditLog.Instance };
        Server = new WebDavServer(Services);
    }

    public IStorage Storage { get; }

    public TimeProvider Time { get; }

    public AccessService Access { get; }

    public InMemoryLockManager Locks { get; }

    public InMemoryPropertyStore Properties { get; }

    public DavServices Services { get; }

    public WebDavServer Server { get; }

    /// <summary>Sends one request as <paramref name="user"/> (null: no Authorization header) and returns the whole response.</summary>
    public async Task<DavResponse> SendAsync(
        string method, string target, string? body = null, IEnumerable<KeyValuePair<string, string>>? headers = null,
        string? user = Alice, string password = Password, bool https = false, IPAddress? client = null, byte[]? bodyBytes = null,
        bool chunked = false, HostString? hostHeader = null, IPAddress? local = null, Action<HttpContext>? prepare = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        var requestFeature = http.Features.Get<IHttpRequestFeature>()!;
        requestFeature.RawTarget = target;
        var query = target.IndexOf('?');
        http.Request.Path = new PathString(Uri.UnescapeDataString(query < 0 ? target : target[..query]));
        http.Request.Scheme = https ? "https" : "http";
        http.Request.IsHttps = https;
        http.Request.Host = hostHeader ?? new HostString("127.0.0.1", https ? 8443 : 8080);
        http.Connection.RemoteIpAddress = client ?? IPAddress.Loopback;
        http.Connection.RemotePort = 40000;
        http.Connection.LocalIpAddress = local ?? IPAddress.Loopback;
        http.Connection.LocalPort = https ? 8443 : 8080;
        http.Connection.Id = "c1";
        if (user is not null)
        {
            http.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        }

        foreach (var (name, value) in headers ?? [])
        {
            http.Request.Headers.Append(name, value);
        }

        var content = bodyBytes ?? (body is null ? [] : Encoding.UTF8.GetBytes(body));
        http.Request.Body = new MemoryStream(content);
        if (chunked)
        {
            // The length is not known in advance, as with a chunked upload (Finder's PUT).
            http.Request.Headers.TransferEncoding = "chunked";
        }
        else if (body is not null || bodyBytes is not null)
        {
            http.Request.ContentLength = content.Length;
        }

        var responseBody = new MemoryStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        http.Response.Body = responseBody;
        prepare?.Invoke(http);
        await Server.HandleAsync(http);
        await http.Response.CompleteAsync();
        return new DavResponse(http.Response.StatusCode, http.Response.Headers, responseBody.ToArray());
    }

    public static IEnumerable<KeyValuePair<string, string>> Headers(params (string Name, string Value)[] headers) =>
        headers.Select(h => KeyValuePair.Create(h.Name, h.Value));

    /// <summary>Writes a file straight into storage (as alice sees it).</summary>
    public async Task PutFileAsync(string path, string content)
    {
        var upload = await Storage.OpenWriteAsync(VfsPath.Parse(path), WriteMode.Replace, 0, CancellationToken.None);
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(content));
        await upload.CommitAsync(CancellationToken.None);
    }

    public ValueTask MakeFolderAsync(string path) => Storage.CreateDirectoryAsync(VfsPath.Parse(path), CancellationToken.None);

    /// <summary>The content of a file in storage, or null when there is none.</summary>
    public async Task<string?> ReadFileAsync(string path)
    {
        if (await Storage.StatAsync(VfsPath.Parse(path), CancellationToken.None) is not { IsDirectory: false })
        {
            return null;
        }

        await using var read = await Storage.OpenReadAsync(VfsPath.Parse(path), 0, CancellationToken.None);
        using var reader = new StreamReader(read.Content);
        return await reader.ReadToEndAsync();
    }
}

/// <summary>A finished response.</summary>
internal sealed record DavResponse(int Status, IHeaderDictionary Headers, byte[] Bytes)
{
    public string Body => Encoding.UTF8.GetString(Bytes);

    public override string ToString() => $"{Status} {Body}";
}
