using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.WebDav.Paths;
using Ferry.WebDav.Xml;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Locking;

/// <summary>
/// The check every method that changes something runs first: the request's If header (RFC 4918
/// 10.4) and the shared lock table. A change inside a lock goes ahead only for the lock's owner
/// presenting its token. FTP checks the same table (without tokens) for its writes.
/// </summary>
public static class WriteGuard
{
    /// <summary>Where a request keeps its parsed If header, so it is parsed once however often it is asked for.</summary>
    private static readonly object IfHeaderKey = new();

    /// <summary>Where <see cref="CheckWriteAsync"/> leaves the locks that refused a change, for <see cref="WriteRefusalAsync"/>.</summary>
    private static readonly object RefusalKey = new();

    /// <summary>
    /// Evaluates the If header for any method: null when there is none or it holds, otherwise the
    /// status to answer: 400 Bad Request when it is malformed (also a resource tag that is no valid
    /// path), 412 Precondition Failed when no list holds.
    /// </summary>
    /// <remarks>
    /// A list holds when each of its conditions does: a state token when it names a live lock that
    /// covers the list's resource (the tagged one, or the request URI for an untagged list); an
    /// entity tag when it equals the resource's current one (strong comparison); Not turns either
    /// around. A resource tag outside the served prefix names nothing here: its tokens and tags
    /// match nothing.
    /// </remarks>
    public static async ValueTask<int?> EvaluateIfHeaderAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parsed = IfHeaderOf(request.Http);
        if (!parsed.Present)
        {
            return null;
        }

        if (parsed.Header is not { } header)
        {
            return StatusCodes.Status400BadRequest;
        }

        var resources = new VfsPath?[header.Lists.Count];
        for (var i = 0; i < header.Lists.Count; i++)
        {
            if (header.Lists[i].ResourceTag is not { } tag)
            {
                resources[i] = request.Path;
                continue;
            }

            switch (ResolveTag(tag, request.Options.Prefix, out var tagged))
            {
                case PathOutcome.Invalid:
                    return StatusCodes.Status400BadRequest;
                case PathOutcome.Decoded:
                    resources[i] = tagged;
                    break;
            }
        }

        var facts = new ResourceFacts(request);
        for (var i = 0; i < header.Lists.Count; i++)
        {
            if (await facts.HoldsAsync(header.Lists[i], resources[i]).ConfigureAwait(false))
            {
                return null;
            }
        }

        return StatusCodes.Status412PreconditionFailed;
    }

    /// <summary>
    /// Null when a change at <paramref name="target"/> reaching <paramref name="depth"/> may go
    /// ahead; otherwise the status to answer (423 Locked). A lock lets the change through only when
    /// it is the account's own and its token is in the If header (in any list). A handler checks the
    /// target (Depth infinity for a collection) and, when a collection's membership changes, the
    /// parent with <see cref="LockDepth.Zero"/>: a depth-0 lock on a collection is then honoured.
    /// The refusing locks are remembered for the response body (<see cref="WriteRefusalAsync"/>).
    /// </summary>
    public static async ValueTask<int?> CheckWriteAsync(DavRequest request, VfsPath target, LockDepth depth)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        var holder = new LockHolder(request.AccountName, SubmittedTokens(request));
        var blocking = await request.Locks.CheckAsync(request.TargetFor(target), depth, holder, request.Aborted).ConfigureAwait(false);
        if (blocking.Count == 0)
        {
            return null;
        }

        request.Http.Items[RefusalKey] = blocking;
        return StatusCodes.Status423Locked;
    }

    /// <summary>
    /// Writes the body of a 423 that <see cref="CheckWriteAsync"/> refused (RFC 4918 16,
    /// lock-token-submitted with the root of each blocking lock), when the handler answered with that
    /// status and wrote nothing. The server calls this after every handler; it does nothing otherwise.
    /// </summary>
    public static async Task WriteRefusalAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.Http.Response;
        if (response.HasStarted || response.StatusCode != StatusCodes.Status423Locked
            || !request.Http.Items.TryGetValue(RefusalKey, out var kept) || kept is not IReadOnlyList<ActiveLock> blocking)
        {
            return;
        }

        request.Http.Items.Remove(RefusalKey);
        var hrefs = new List<string>(blocking.Count);
        foreach (var held in blocking)
        {
            // A lock rooted above the account's home covers all of it: name the home, never a path outside it.
            hrefs.Add(await LockXml.RootHrefAsync(request, held.Root).ConfigureAwait(false) ?? request.Href(VfsPath.Root, isCollection: true));
        }

        await DavErrorXml.WriteAsync(request.Http, StatusCodes.Status423Locked, "lock-token-submitted", hrefs.Distinct(StringComparer.Ordinal)).ConfigureAwait(false);
    }

    /// <summary>
    /// After <paramref name="path"/> was deleted or moved away: the locks rooted at or below it end
    /// (RFC 4918 7.7 and 9.6, a lock does not outlive its resource and does not move with it). Locks
    /// rooted above it stay: they cover whatever comes there next.
    /// </summary>
    public static async ValueTask ForgetLocksAsync(DavRequest request, VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(path);
        var key = request.KeyFor(path);
        foreach (var held in await request.Locks.FindAsync(key, LockDepth.Infinity, request.Aborted).ConfigureAwait(false))
        {
            if (held.Root.IsAtOrBelow(key))
            {
                await request.Locks.ReleaseAsync(held.Root, held.Token, held.Owner, request.Aborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The lock tokens the request presents (in its If header); none when it has none or it is malformed.</summary>
    public static IReadOnlySet<string> SubmittedTokens(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IfHeaderOf(request.Http).Header?.SubmittedTokens() ?? new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The request's If header, parsed once per request. Several If fields count as one list of lists.</summary>
    internal static ParsedIfHeader IfHeaderOf(HttpContext http)
    {
        if (http.Items.TryGetValue(IfHeaderKey, out var kept) && kept is ParsedIfHeader known)
        {
            return known;
        }

        var values = http.Request.Headers["If"];
        var parsed = values.Count == 0
            ? ParsedIfHeader.Absent
            : new ParsedIfHeader(true, IfHeader.TryParse(string.Join(' ', values.ToArray()), out var header) ? header : null);
        http.Items[IfHeaderKey] = parsed;
        return parsed;
    }

    /// <summary>The account path a resource tag names: decoded once, like the request path.</summary>
    private static PathOutcome ResolveTag(string tag, string prefix, out VfsPath path)
    {
        path = VfsPath.Root;
        return DavPaths.TrySplitTarget(tag, out _, out _, out var rawPath)
            ? DavPaths.TryDecode(rawPath, prefix, out path)
            : PathOutcome.Invalid;
    }

    /// <summary>What the conditions are judged by, looked up once per resource within one request.</summary>
    private sealed class ResourceFacts(DavRequest request)
    {
        private readonly Dictionary<VfsPath, IReadOnlyList<ActiveLock>> _locks = [];
        private readonly Dictionary<VfsPath, string?> _etags = [];

        public async ValueTask<bool> HoldsAsync(IfList list, VfsPath? resource)
        {
            foreach (var condition in list.Conditions)
            {
                var matched = condition.StateToken is { } token
                    ? resource is not null && (await LocksAsync(resource).ConfigureAwait(false)).Any(held => held.Token == token)
                    : resource is not null && await ETagAsync(resource).ConfigureAwait(false) is { } current && CurrentETag.Matches(condition.ETag!, current);
                if (matched == condition.Not)
                {
                    return false;
                }
            }

            return true;
        }

        private async ValueTask<IReadOnlyList<ActiveLock>> LocksAsync(VfsPath resource)
        {
            if (!_locks.TryGetValue(resource, out var found))
            {
                found = await request.Locks.FindAsync(request.KeyFor(resource), LockDepth.Zero, request.Aborted).ConfigureAwait(false);
                _locks[resource] = found;
            }

            return found;
        }

        private async ValueTask<string?> ETagAsync(VfsPath resource)
        {
            if (!_etags.TryGetValue(resource, out var etag))
            {
                var stat = await request.Files.StatAsync(resource, request.Aborted).ConfigureAwait(false);
                etag = stat.Ok ? Methods.EntityTags.For(stat.Value!) : null;
                _etags[resource] = etag;
            }

            return etag;
        }
    }
}

/// <summary>A request's If header: absent, or present and parsed (<see cref="Header"/> null when malformed).</summary>
internal sealed record ParsedIfHeader(bool Present, IfHeader? Header)
{
    public static ParsedIfHeader Absent { get; } = new(false, null);
}
