using System.Globalization;
using System.Xml;
using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Locking;

/// <summary>
/// The XML of locks, written alike in PROPFIND (the lockdiscovery and supportedlock properties) and
/// in a LOCK response. The caller has opened the property element's parent; these write the property element whole.
/// </summary>
public static class LockXml
{
    /// <summary>&lt;D:supportedlock&gt;: exclusive and shared write locks (RFC 4918 15.10).</summary>
    public static async Task WriteSupportedLockAsync(XmlWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteStartElementAsync("D", "supportedlock", DavXml.Namespace).ConfigureAwait(false);
        foreach (var scope in new[] { "exclusive", "shared" })
        {
            await writer.WriteStartElementAsync("D", "lockentry", DavXml.Namespace).ConfigureAwait(false);
            await writer.WriteStartElementAsync("D", "lockscope", DavXml.Namespace).ConfigureAwait(false);
            await EmptyAsync(writer, scope).ConfigureAwait(false);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
            await writer.WriteStartElementAsync("D", "locktype", DavXml.Namespace).ConfigureAwait(false);
            await EmptyAsync(writer, "write").ConfigureAwait(false);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
        }

        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }

    /// <summary>&lt;D:lockdiscovery&gt; of <paramref name="path"/>: the live locks that cover it (RFC 4918 15.8), its own and those reaching down from above.</summary>
    public static async Task WriteLockDiscoveryAsync(XmlWriter writer, DavRequest request, VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(path);
        var covering = await request.Locks.FindAsync(request.KeyFor(path), LockDepth.Zero, request.Aborted).ConfigureAwait(false);
        await WriteLockDiscoveryAsync(writer, request, covering).ConfigureAwait(false);
    }

    /// <summary>&lt;D:lockdiscovery&gt; holding exactly <paramref name="locks"/> (a LOCK response shows the lock it granted or refreshed).</summary>
    internal static async Task WriteLockDiscoveryAsync(XmlWriter writer, DavRequest request, IEnumerable<ActiveLock> locks)
    {
        await writer.WriteStartElementAsync("D", "lockdiscovery", DavXml.Namespace).ConfigureAwait(false);
        foreach (var held in locks)
        {
            await WriteActiveLockAsync(writer, request, held).ConfigureAwait(false);
        }

        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The escaped href of a lock's root as this account sees it; null when the root lies outside
    /// the account's home (a lock taken by an account that sees more: its path is not this one's to know).
    /// </summary>
    internal static async ValueTask<string?> RootHrefAsync(DavRequest request, LockKey root)
    {
        if (!request.Grant.Locks.TryLocate(root, out var path))
        {
            return null;
        }

        var isCollection = path.IsRoot
            || (await request.Files.StatAsync(path, request.Aborted).ConfigureAwait(false)) is { Ok: true, Value.IsDirectory: true };
        return request.Href(path, isCollection);
    }

    /// <summary>&lt;D:activelock&gt; (RFC 4918 14.1): type, scope, depth, owner as the client gave it, the time left, token and root.</summary>
    private static async Task WriteActiveLockAsync(XmlWriter writer, DavRequest request, ActiveLock held)
    {
        await writer.WriteStartElementAsync("D", "activelock", DavXml.Namespace).ConfigureAwait(false);
        await writer.WriteStartElementAsync("D", "locktype", DavXml.Namespace).ConfigureAwait(false);
        await EmptyAsync(writer, "write").ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);
        await writer.WriteStartElementAsync("D", "lockscope", DavXml.Namespace).ConfigureAwait(false);
        await EmptyAsync(writer, held.Scope == LockScope.Exclusive ? "exclusive" : "shared").ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);
        await writer.WriteElementStringAsync("D", "depth", DavXml.Namespace, held.Depth == LockDepth.Zero ? "0" : "infinity").ConfigureAwait(false);
        await WriteOwnerAsync(writer, held.OwnerInfo).ConfigureAwait(false);
        await writer.WriteElementStringAsync("D", "timeout", DavXml.Namespace, TimeLeft(held, request.Services.Time.GetUtcNow())).ConfigureAwait(false);
        await writer.WriteStartElementAsync("D", "locktoken", DavXml.Namespace).ConfigureAwait(false);
        await writer.WriteElementStringAsync("D", "href", DavXml.Namespace, held.Token).ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);
        if (await RootHrefAsync(request, held.Root).ConfigureAwait(false) is { } root)
        {
            await writer.WriteStartElementAsync("D", "lockroot", DavXml.Namespace).ConfigureAwait(false);
            await writer.WriteElementStringAsync("D", "href", DavXml.Namespace, root).ConfigureAwait(false);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
        }

        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }

    /// <summary>Second-n with the whole seconds left, rounded up: a lock that has a moment left is not shown as gone.</summary>
    internal static string TimeLeft(ActiveLock held, DateTimeOffset now)
    {
        var left = held.ExpiresAt - now;
        var seconds = left <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(left.TotalSeconds);
        return "Second-" + seconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The &lt;D:owner&gt; element exactly as the client sent it (kept as XML by LOCK). Checked to be
    /// well-formed before any of it is written, so a damaged record from a shared store cannot break
    /// the response half way; such a record shows no owner.
    /// </summary>
    private static async Task WriteOwnerAsync(XmlWriter writer, string? ownerInfo)
    {
        if (string.IsNullOrEmpty(ownerInfo) || !LockInfo.IsWellFormedFragment(ownerInfo))
        {
            return;
        }

        using var reader = XmlReader.Create(new StringReader(ownerInfo), LockInfo.FragmentReaderSettings);
        await writer.WriteNodeAsync(reader, defattr: true).ConfigureAwait(false);
    }

    private static async Task EmptyAsync(XmlWriter writer, string name)
    {
        await writer.WriteStartElementAsync("D", name, DavXml.Namespace).ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }
}
