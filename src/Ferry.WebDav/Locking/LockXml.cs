using System.Xml;
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

    /// <summary>&lt;D:lockdiscovery&gt; of <paramref name="path"/>: the live locks that cover it (RFC 4918 15.8). To be completed with the active locks.</summary>
    public static async Task WriteLockDiscoveryAsync(XmlWriter writer, DavRequest request, VfsPath path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(path);
        await writer.WriteStartElementAsync("D", "lockdiscovery", DavXml.Namespace).ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static async Task EmptyAsync(XmlWriter writer, string name)
    {
        await writer.WriteStartElementAsync("D", name, DavXml.Namespace).ConfigureAwait(false);
        await writer.WriteEndElementAsync().ConfigureAwait(false);
    }
}
