using System.Globalization;
using System.Text;
using System.Xml;
using Ferry.Core.Access.Locks;
using Ferry.Core.Limits;
using Ferry.Core.Paths;
using Ferry.Core.Properties;
using Ferry.Core.Storage;
using Ferry.WebDav.Locking;
using Ferry.WebDav.Methods;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Properties;

/// <summary>
/// Writes one PROPFIND &lt;D:response&gt; per resource: its href and its propstat groups (200 for
/// the properties it has, 404 for those it lacks). Called once per listed entry, so it writes
/// markup that never varies as raw text and escapes only the values, and allocates little.
/// </summary>
internal sealed class PropFindResponder
{
    private const string StatusOk = "<D:status>HTTP/1.1 200 OK</D:status></D:propstat>";
    private const string StatusNotFound = "<D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>";
    private const string OpenPropstat = "<D:propstat><D:prop>";
    private const string ClosePropstatOk = "</D:prop>" + StatusOk;
    private const string ClosePropstatNotFound = "</D:prop>" + StatusNotFound;

    private readonly DavRequest _request;
    private readonly PropFindBody _body;
    private readonly XmlWriter _xml;
    private readonly string _supportedLock;

    // The resource being written: its path when known, else its folder (the path is made on demand).
    private VfsPath? _path;
    private VfsPath? _folder;

    // The lockdiscovery every member of the current folder shares when no lock covers the folder or
    // lies below it (then none covers a member): rendered once per folder instead of once per member.
    private string? _membersLockDiscovery;

    // Dates and numbers are formatted here rather than into a new string per entry.
    private readonly char[] _scratch = new char[64];

    /// <summary>The account's quota (RFC 4331), read once per request and only when a quota property is asked for; null: none, or not asked.</summary>
    private QuotaStatus? _quota;

    private PropFindResponder(DavRequest request, PropFindBody body, XmlWriter xml, string supportedLock)
    {
        _request = request;
        _body = body;
        _xml = xml;
        _supportedLock = supportedLock;
    }

    /// <summary>
    /// Dead properties are read only when the request can show one: allprop and propname always,
    /// prop when it names a property that is not computed.
    /// </summary>
    public bool NeedsDeadProperties { get; private init; }

    public static async Task<PropFindResponder> CreateAsync(DavRequest request, PropFindBody body, XmlWriter xml)
    {
        var needsDead = body.Kind != PropFindKind.Prop;
        foreach (var name in body.Names)
        {
            needsDead |= !LiveProperties.TryFind(name, out var live) || !LiveProperties.IsProtected(live);
        }

        var asksQuota = body.Names.Any(name => LiveProperties.TryFind(name, out var live) && live is LiveProperty.QuotaAvailableBytes or LiveProperty.QuotaUsedBytes);
        return new PropFindResponder(request, body, xml, await RenderSupportedLockAsync().ConfigureAwait(false))
        {
            NeedsDeadProperties = needsDead,
            _quota = asksQuota ? await request.Files.GetQuotaAsync(request.Aborted).ConfigureAwait(false) : null,
        };
    }

    /// <summary>
    /// Whether a live property has a value here. The quota properties (RFC 4331) are on collections
    /// when the account has a quota: quota-used-bytes always, quota-available-bytes with a byte limit.
    /// The figures are the account's, the same on every collection of its home.
    /// </summary>
    private bool Applies(LiveProperty live, bool isCollection) => live switch
    {
        LiveProperty.QuotaUsedBytes => isCollection && _quota is not null,
        LiveProperty.QuotaAvailableBytes => isCollection && _quota?.AvailableBytes is not null,
        _ => LiveProperties.AppliesTo(live, isCollection),
    };

    /// <summary>The &lt;D:response&gt; of the resource at <paramref name="path"/>.</summary>
    public ValueTask WriteAsync(VfsPath path, FileEntry entry, IReadOnlyList<StoredProperty> dead)
    {
        _path = path;
        _folder = null;
        return WriteCurrentAsync(_request.Href(path, entry.IsDirectory), entry, dead);
    }

    /// <summary>
    /// The &lt;D:response&gt; of a member of the folder at <paramref name="folder"/> whose href is
    /// <paramref name="folderHref"/>: the member's href is the folder's with the escaped name
    /// appended (what <see cref="DavRequest.Href"/> makes, without building the member's path, which
    /// only lockdiscovery needs).
    /// </summary>
    public ValueTask WriteMemberAsync(VfsPath folder, string folderHref, FileEntry entry, IReadOnlyList<StoredProperty> dead)
    {
        _path = null;
        _folder = folder;
        var href = string.Concat(folderHref, Uri.EscapeDataString(entry.Name), entry.IsDirectory ? "/" : "");
        return WriteCurrentAsync(href, entry, dead);
    }

    /// <summary>
    /// Call before the members of <paramref name="folder"/>. When the response shows lockdiscovery,
    /// one look-up in the lock table tells whether any lock can concern a member; usually none does.
    /// </summary>
    public async ValueTask BeginMembersAsync(VfsPath folder)
    {
        _membersLockDiscovery = null;
        if (!ShowsLockDiscovery)
        {
            return;
        }

        var locks = await _request.Locks.FindAsync(_request.KeyFor(folder), LockDepth.Infinity, _request.Aborted).ConfigureAwait(false);
        if (locks.Count == 0)
        {
            _membersLockDiscovery = await RenderAsync(writer => LockXml.WriteLockDiscoveryAsync(writer, _request, folder)).ConfigureAwait(false);
        }
    }

    private bool ShowsLockDiscovery => _body.Kind == PropFindKind.AllProp || _body.Names.Contains(LockDiscoveryProperty);

    private VfsPath CurrentPath(FileEntry entry) => _path ??= _folder!.Combine(entry.Name);

    private async ValueTask WriteCurrentAsync(string href, FileEntry entry, IReadOnlyList<StoredProperty> dead)
    {
        _xml.WriteRaw("<D:response><D:href>");
        _xml.WriteString(href);
        _xml.WriteRaw("</D:href>");
        switch (_body.Kind)
        {
            case PropFindKind.AllProp:
                await WriteAllPropAsync(entry, dead).ConfigureAwait(false);
                break;
            case PropFindKind.PropName:
                WritePropNames(entry, dead);
                break;
            default:
                await WriteNamedAsync(entry, dead).ConfigureAwait(false);
                break;
        }

        _xml.WriteRaw("</D:response>");
    }

    private async ValueTask WriteAllPropAsync(FileEntry entry, IReadOnlyList<StoredProperty> dead)
    {
        _xml.WriteRaw(OpenPropstat);
        foreach (var live in LiveProperties.InAllProp)
        {
            if (Applies(live, entry.IsDirectory))
            {
                await WriteLiveAsync(live, entry, dead).ConfigureAwait(false);
            }
        }

        foreach (var property in dead)
        {
            if (!LiveProperties.TryFind(property.Name, out _))
            {
                _xml.WriteRaw(property.ElementXml);
            }
        }

        var missing = 0;
        foreach (var name in _body.Names)
        {
            if (IsIncludedAnyway(name, dead))
            {
                continue;
            }

            if (LiveProperties.TryFind(name, out var live) && Applies(live, entry.IsDirectory))
            {
                await WriteLiveAsync(live, entry, dead).ConfigureAwait(false);
            }
            else
            {
                missing++;
            }
        }

        _xml.WriteRaw(ClosePropstatOk);
        if (missing > 0)
        {
            _xml.WriteRaw(OpenPropstat);
            foreach (var name in _body.Names)
            {
                if (!IsIncludedAnyway(name, dead) && !(LiveProperties.TryFind(name, out var live) && Applies(live, entry.IsDirectory)))
                {
                    WriteEmpty(name);
                }
            }

            _xml.WriteRaw(ClosePropstatNotFound);
        }
    }

    /// <summary>An included name that allprop shows anyway (a live one it lists, or a stored one).</summary>
    private static bool IsIncludedAnyway(PropertyName name, IReadOnlyList<StoredProperty> dead) =>
        LiveProperties.TryFind(name, out var live) ? LiveProperties.InAllProp.Contains(live) : Find(dead, name) is not null;

    private void WritePropNames(FileEntry entry, IReadOnlyList<StoredProperty> dead)
    {
        _xml.WriteRaw(OpenPropstat);
        foreach (var live in LiveProperties.InAllProp)
        {
            if (Applies(live, entry.IsDirectory))
            {
                _xml.WriteRaw("<D:");
                _xml.WriteRaw(LiveProperties.LocalName(live));
                _xml.WriteRaw("/>");
            }
        }

        foreach (var property in dead)
        {
            if (!LiveProperties.TryFind(property.Name, out _))
            {
                WriteEmpty(property.Name);
            }
        }

        _xml.WriteRaw(ClosePropstatOk);
    }

    private async ValueTask WriteNamedAsync(FileEntry entry, IReadOnlyList<StoredProperty> dead)
    {
        var found = 0;
        foreach (var name in _body.Names)
        {
            if (Has(name, entry, dead))
            {
                found++;
            }
        }

        if (found > 0)
        {
            _xml.WriteRaw(OpenPropstat);
            foreach (var name in _body.Names)
            {
                if (LiveProperties.TryFind(name, out var live))
                {
                    if (Applies(live, entry.IsDirectory))
                    {
                        await WriteLiveAsync(live, entry, dead).ConfigureAwait(false);
                    }
                }
                else if (Find(dead, name) is { } property)
                {
                    _xml.WriteRaw(property.ElementXml);
                }
            }

            _xml.WriteRaw(ClosePropstatOk);
        }

        if (found < _body.Names.Count)
        {
            _xml.WriteRaw(OpenPropstat);
            foreach (var name in _body.Names)
            {
                if (!Has(name, entry, dead))
                {
                    WriteEmpty(name);
                }
            }

            _xml.WriteRaw(ClosePropstatNotFound);
        }
    }

    private bool Has(PropertyName name, FileEntry entry, IReadOnlyList<StoredProperty> dead) =>
        LiveProperties.TryFind(name, out var live) ? Applies(live, entry.IsDirectory) : Find(dead, name) is not null;

    private static StoredProperty? Find(IReadOnlyList<StoredProperty> dead, PropertyName name)
    {
        for (var i = 0; i < dead.Count; i++)
        {
            if (dead[i].Name == name)
            {
                return dead[i];
            }
        }

        return null;
    }

    private async ValueTask WriteLiveAsync(LiveProperty live, FileEntry entry, IReadOnlyList<StoredProperty> dead)
    {
        switch (live)
        {
            case LiveProperty.ResourceType:
                _xml.WriteRaw(entry.IsDirectory ? "<D:resourcetype><D:collection/></D:resourcetype>" : "<D:resourcetype/>");
                break;
            case LiveProperty.CreationDate:
                // Storage keeps no creation time: the modification time stands in (RFC 3339, UTC).
                WriteFormatted("<D:creationdate>", entry.LastModified.UtcDateTime, "yyyy-MM-dd'T'HH:mm:ss'Z'", "</D:creationdate>");
                break;
            case LiveProperty.GetLastModified:
                WriteFormatted("<D:getlastmodified>", entry.LastModified.UtcDateTime, "R", "</D:getlastmodified>");
                break;
            case LiveProperty.GetContentLength:
                WriteFormatted("<D:getcontentlength>", entry.Length, "</D:getcontentlength>");
                break;
            case LiveProperty.GetContentType:
                WriteValue("<D:getcontenttype>", ContentTypes.For(entry.Name), "</D:getcontenttype>");
                break;
            case LiveProperty.GetETag:
                WriteValue("<D:getetag>", EntityTags.For(entry)!, "</D:getetag>");
                break;
            case LiveProperty.DisplayName:
                if (Find(dead, DisplayNameProperty) is { } chosen)
                {
                    _xml.WriteRaw(chosen.ElementXml);
                }
                else
                {
                    WriteValue("<D:displayname>", _path?.Name ?? entry.Name, "</D:displayname>");
                }

                break;
            case LiveProperty.SupportedLock:
                _xml.WriteRaw(_supportedLock);
                break;
            case LiveProperty.LockDiscovery:
                if (_path is null && _membersLockDiscovery is not null)
                {
                    _xml.WriteRaw(_membersLockDiscovery);
                }
                else
                {
                    await LockXml.WriteLockDiscoveryAsync(_xml, _request, CurrentPath(entry)).ConfigureAwait(false);
                }

                break;
            case LiveProperty.QuotaUsedBytes:
                WriteFormatted("<D:quota-used-bytes>", _quota!.UsedBytes, "</D:quota-used-bytes>");
                break;
            case LiveProperty.QuotaAvailableBytes:
                WriteFormatted("<D:quota-available-bytes>", _quota!.AvailableBytes!.Value, "</D:quota-available-bytes>");
                break;
            default:
                throw new InvalidOperationException($"{live} has no value here.");
        }
    }

    private static readonly PropertyName DisplayNameProperty = new(DavXml.Namespace, "displayname");

    private static readonly PropertyName LockDiscoveryProperty = new(DavXml.Namespace, "lockdiscovery");

    /// <summary>An element with a text value, escaped.</summary>
    private void WriteValue(string open, string value, string close)
    {
        _xml.WriteRaw(open);
        _xml.WriteString(value);
        _xml.WriteRaw(close);
    }

    /// <summary>An element with a date formatted straight into the scratch buffer (digits, letters and punctuation: nothing to escape).</summary>
    private void WriteFormatted(string open, DateTime value, string format, string close)
    {
        _xml.WriteRaw(open);
        if (value.TryFormat(_scratch, out var written, format, CultureInfo.InvariantCulture))
        {
            _xml.WriteRaw(_scratch, 0, written);
        }
        else
        {
            _xml.WriteString(value.ToString(format, CultureInfo.InvariantCulture));
        }

        _xml.WriteRaw(close);
    }

    private void WriteFormatted(string open, long value, string close)
    {
        _xml.WriteRaw(open);
        value.TryFormat(_scratch, out var written, default, CultureInfo.InvariantCulture);
        _xml.WriteRaw(_scratch, 0, written);
        _xml.WriteRaw(close);
    }

    /// <summary>An empty element of the name, in its own namespace (the empty namespace stays empty: no default namespace is ever declared around it).</summary>
    private void WriteEmpty(PropertyName name)
    {
        if (string.Equals(name.Namespace, DavXml.Namespace, StringComparison.Ordinal))
        {
            _xml.WriteStartElement("D", name.LocalName, DavXml.Namespace);
        }
        else
        {
            _xml.WriteStartElement(null, name.LocalName, name.Namespace);
        }

        _xml.WriteEndElement();
    }

    /// <summary>supportedlock is the same for every resource: written once per request, then copied.</summary>
    private static Task<string> RenderSupportedLockAsync() => RenderAsync(LockXml.WriteSupportedLockAsync);

    /// <summary>What <paramref name="write"/> writes, as text to copy into the response (inside a D-prefixed wrapper, so it declares no namespace of its own).</summary>
    private static async Task<string> RenderAsync(Func<XmlWriter, Task> write)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Async = true, OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment };
        await using (var writer = XmlWriter.Create(text, settings))
        {
            await writer.WriteStartElementAsync("D", "wrapper", DavXml.Namespace).ConfigureAwait(false);
            await writer.WriteStringAsync("").ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
            var start = text.Length;
            await write(writer).ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
            var fragment = text.ToString(start, text.Length - start);
            await writer.WriteEndElementAsync().ConfigureAwait(false);
            return fragment;
        }
    }
}
