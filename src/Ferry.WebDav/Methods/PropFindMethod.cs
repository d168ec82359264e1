using Ferry.Core.Files;
using Ferry.Core.Paths;
using Ferry.Core.Properties;
using Ferry.Core.Storage;
using Ferry.WebDav.Properties;
using Ferry.WebDav.Xml;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>
/// PROPFIND (RFC 4918 9.1): the properties of a resource and, with Depth 1 (or infinity when the
/// options allow it), of its members, as one 207 multistatus streamed while the folder is listed.
/// </summary>
public sealed class PropFindMethod : IDavMethod
{
    /// <summary>
    /// Most responses a Depth: infinity walk writes. A walk of a large tree costs the server a
    /// listing of every folder and the client a response of every file; past this bound it stops
    /// and says so (507, RFC 5323's number-of-matches-within-limits), as a SEARCH would.
    /// </summary>
    public const int MaxInfiniteDepthResponses = 100_000;

    private static readonly IReadOnlyList<StoredProperty> NoProperties = [];

    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.Http;
        // No Depth means infinity (RFC 4918 9.1), which the check below may still refuse.
        var depth = DepthHeader.Parse(http.Request) ?? DavDepth.Infinity;
        if (depth == DavDepth.Invalid)
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status400BadRequest, "Depth must be 0, 1 or infinity.").ConfigureAwait(false);
            return;
        }

        var read = await DavXmlBody.ReadAsync(request).ConfigureAwait(false);
        if (read.Failed)
        {
            await WebDavServer.PlainAsync(http, read.Status, read.Problem!).ConfigureAwait(false);
            return;
        }

        var body = read.Body is { } bytes ? PropFindBody.Parse(bytes, request.Options) : PropFindBody.AllProp;
        if (body is null)
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status400BadRequest, "The body must be a DAV:propfind element holding one of prop, allprop or propname.").ConfigureAwait(false);
            return;
        }

        if (depth == DavDepth.Infinity && !request.Options.AllowInfiniteDepth)
        {
            await DavErrorXml.WriteAsync(http, StatusCodes.Status403Forbidden, "propfind-finite-depth", []).ConfigureAwait(false);
            return;
        }

        var stat = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
        if (!stat.Ok)
        {
            http.Response.StatusCode = DavStatus.For(stat.Error);
            return;
        }

        var target = stat.Value!;
        IAsyncEnumerable<FileEntry>? members = null;
        IRawEntryReader? raw = null;
        if (target.IsDirectory && depth == DavDepth.One && request.Files.TryListRaw(request.Path) is { } pending)
        {
            // The same right, refusals and entries as ListAsync, read without an object per entry.
            var opened = await pending.ConfigureAwait(false);
            if (!opened.Ok)
            {
                http.Response.StatusCode = DavStatus.For(opened.Error);
                return;
            }

            raw = opened.Value!;
        }
        else if (target.IsDirectory && depth != DavDepth.Zero)
        {
            var listing = await request.Files.ListAsync(request.Path, request.Aborted).ConfigureAwait(false);
            if (!listing.Ok)
            {
                http.Response.StatusCode = DavStatus.For(listing.Error);
                return;
            }

            members = listing.Value!;
        }

        using var rawReader = raw;
        using var output = MultistatusBody.Start(http.Response, request.Aborted);
        var responder = await PropFindResponder.CreateAsync(request, body, output.Output).ConfigureAwait(false);
        var dead = responder.NeedsDeadProperties
            ? await request.Properties.GetAsync(request.KeyFor(request.Path), request.Aborted).ConfigureAwait(false)
            : NoProperties;
        await responder.WriteAsync(request.Path, target, dead).ConfigureAwait(false);
        if (raw is not null)
        {
            await WriteRawMembersAsync(request, responder, output, raw).ConfigureAwait(false);
        }
        else if (members is not null)
        {
            await WriteMembersAsync(request, responder, output, members, depth == DavDepth.Infinity).ConfigureAwait(false);
        }

        await output.FinishAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The members of a Depth 1 folder read raw (<see cref="RawMemberWalk"/>) when their responses need
    /// only the entries: no stored property below the folder (the usual case: allprop and propname ask,
    /// and find none) and no lock that could concern a member. Otherwise the raw reader is closed and
    /// the folder listed the usual way, so such responses are written as they always were.
    /// </summary>
    private static async Task WriteRawMembersAsync(DavRequest request, PropFindResponder responder, MultistatusBody output, IRawEntryReader raw)
    {
        await responder.BeginMembersAsync(request.Path).ConfigureAwait(false);
        var dead = responder.NeedsDeadProperties
            ? await MemberPropertiesAsync(request, request.Path).ConfigureAwait(false)
            : null;
        if (responder.MembersAreSynchronous && dead is not { Count: > 0 })
        {
            await RawMemberWalk.WriteAsync(raw, responder, output).ConfigureAwait(false);
            return;
        }

        // Rare: the look-ups above are repeated by the usual walk, which needs them per member.
        raw.Dispose();
        if (await ListOrNothingAsync(request, request.Path).ConfigureAwait(false) is { } members)
        {
            await WriteMembersAsync(request, responder, output, members, infinite: false).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The dead properties of a folder's members, by name, in one look-up. A member that is a mount
    /// point keeps its properties in the mounted folder's own tree (see <see cref="Ferry.Core.Access.Locks.LockSite"/>), not
    /// with the folder the mount hides, so those few are read from there.
    /// </summary>
    private static async ValueTask<IReadOnlyDictionary<string, IReadOnlyList<StoredProperty>>> MemberPropertiesAsync(DavRequest request, VfsPath folder)
    {
        var found = await request.Properties.GetChildrenAsync(request.KeyFor(folder), request.Aborted).ConfigureAwait(false);
        Dictionary<string, IReadOnlyList<StoredProperty>>? withMounts = null;
        foreach (var mount in request.Grant.Locks.Mounts)
        {
            if (mount.Point.Parent != folder)
            {
                continue;
            }

            withMounts ??= new Dictionary<string, IReadOnlyList<StoredProperty>>(found, StringComparer.Ordinal);
            var own = await request.Properties.GetAsync(mount.Root, request.Aborted).ConfigureAwait(false);
            if (own.Count > 0)
            {
                withMounts[mount.Point.Name] = own;
            }
            else
            {
                withMounts.Remove(mount.Point.Name);
            }
        }

        return withMounts ?? found;
    }

    /// <summary>The members of the target folder (and, for infinity, of its sub-folders, breadth first, one folder listing open at a time).</summary>
    private static async Task WriteMembersAsync(DavRequest request, PropFindResponder responder, MultistatusBody output, IAsyncEnumerable<FileEntry> members, bool infinite)
    {
        var walk = new MemberWalk(request, responder, output, infinite);
        IAsyncEnumerable<FileEntry>? listing = members;
        while (true)
        {
            if (listing is not null)
            {
                await responder.BeginMembersAsync(walk.Folder).ConfigureAwait(false);
                var dead = responder.NeedsDeadProperties
                    ? await MemberPropertiesAsync(request, walk.Folder).ConfigureAwait(false)
                    : null;
                var entries = listing.GetAsyncEnumerator(request.Aborted);
                try
                {
                    walk.Start(entries, dead);
                    if (!await WriteFolderAsync(walk).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                finally
                {
                    await entries.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (!walk.Folders.TryDequeue(out var queued))
            {
                return;
            }

            walk.Folder = queued;
            listing = await ListOrNothingAsync(request, queued).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The members of the current folder: written synchronously while the listing answers at once
    /// (local disk always does), with an await only to send a full buffer, for a step of the listing
    /// that must wait, or for a member whose lock must be looked up. False when the response limit stopped the walk.
    /// </summary>
    private static async Task<bool> WriteFolderAsync(MemberWalk walk)
    {
        // Bounded by the listing: every round writes at least one member, or ends.
        while (true)
        {
            switch (walk.WriteReadyMembers())
            {
                case MemberWalk.Pause.Ended:
                    return true;
                case MemberWalk.Pause.Limit:
                    return false;
                case MemberWalk.Pause.Full:
                    await walk.Output.DrainAsync().ConfigureAwait(false);
                    break;
                case MemberWalk.Pause.Listing:
                    if (!await walk.Pending.ConfigureAwait(false))
                    {
                        return true;
                    }

                    walk.HasCurrent = true;
                    break;
                case MemberWalk.Pause.Lock:
                    await walk.WriteLockedMemberAsync().ConfigureAwait(false);
                    if (walk.Output.IsFull)
                    {
                        await walk.Output.DrainAsync().ConfigureAwait(false);
                    }

                    break;
            }
        }
    }

    /// <summary>A sub-folder that cannot be listed (gone meanwhile, or not listable for this account) adds no members; its own response is already written.</summary>
    private static async ValueTask<IAsyncEnumerable<FileEntry>?> ListOrNothingAsync(DavRequest request, VfsPath folder)
    {
        var listing = await request.Files.ListAsync(folder, request.Aborted).ConfigureAwait(false);
        return listing.Ok ? listing.Value : null;
    }
}
