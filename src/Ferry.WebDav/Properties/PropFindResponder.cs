using System.Runtime.CompilerServices;
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
/// the properties it has, 404 for those it lacks). Called once per listed entry, so it writes UTF-8
/// bytes straight into the response buffer (markup that never varies as literals, values escaped),
/// resolves the requested names once per request, and stays synchronous unless a lock must be
/// looked up for the entry. The methods called per entry are compiled fully optimised at their
/// first call (AggressiveOptimization): a 20,000-entry listing would otherwise run its first
/// requests through unoptimised tier-0 code.
/// </summary>
internal sealed class PropFindResponder
{
    private static readonly PropertyName DisplayNameProperty = new(DavXml.Namespace, "displayname");

    private static readonly PropertyName LockDiscoveryProperty = new(DavXml.Namespace, "lockdiscovery");

    private static readonly IReadOnlyList<StoredProperty> NoProperties = [];

    /// <summary><see cref="LiveProperties.InAllProp"/> as an array: walked per entry without an enumerator.</summary>
    private static readonly LiveProperty[] AllPropOrder = [.. LiveProperties.InAllProp];

    private readonly DavRequest _request;
    private readonly PropFindBody _body;
    private readonly MarkupBuffer _out;
    // Markup that is the same for many responses, encoded to UTF-8 once: supportedlock for the
    // request, the members' shared lockdiscovery for the folder.
    private readonly byte[] _supportedLock;

    // getlastmodified (RFC 1123) and creationdate (RFC 3339 without the Z), formatted once per distinct second.
    private readonly DateText _lastModified = new("R");
    private readonly DateText _created = new("s");

    /// <summary>The names of the body, each looked up in the live-property table once per request instead of once per entry.</summary>
    private readonly RequestedName[] _names;

    // The lockdiscovery every member of the current folder shares when no lock covers the folder or
    // lies below it (then none covers a member): rendered once per folder instead of once per member.
    private byte[]? _membersLockDiscovery;

    // The current folder's href, escaped for XML once, which every member's href starts with.
    private byte[] _folderHref = [];

    /// <summary>The account's quota (RFC 4331), read once per request and only when a quota property is asked for; null: none, or not asked.</summary>
    private QuotaStatus? _quota;

    private PropFindResponder(DavRequest request, PropFindBody body, MarkupBuffer output, string supportedLock)
    {
        _request = request;
        _body = body;
        _out = output;
        _supportedLock = MarkupBuffer.RawBytes(supportedLock);
        _names = [.. body.Names.Select(name => new RequestedName(name))];
        ShowsLockDiscovery = body.Kind == PropFindKind.AllProp || body.Names.Contains(LockDiscoveryProperty);
    }

    /// <summary>
    /// Dead properties are read only when the request can show one: allprop and propname always,
    /// prop when it names a property that is not computed.
    /// </summary>
    public bool NeedsDeadProperties { get; private init; }

    /// <summary>
    /// Whether a member's response needs no lock look-up of its own (see <see cref="BeginMembersAsync"/>),
    /// so <see cref="WriteMember"/> serves it without awaiting anything.
    /// </summary>
    public bool MembersAreSynchronous => !ShowsLockDiscovery || _membersLockDiscovery is not null;

    /// <summary>Whether the responses show lockdiscovery (allprop, or a prop that names it): decided once per request.</summary>
    private bool ShowsLockDiscovery { get; }

    public static async Task<PropFindResponder> CreateAsync(DavRequest request, PropFindBody body, MarkupBuffer output)
    {
        var needsDead = body.Kind != PropFindKind.Prop;
        foreach (var name in body.Names)
        {
            needsDead |= !LiveProperties.TryFind(name, out var live) || !LiveProperties.IsProtected(live);
        }

        var asksQuota = body.Names.Any(name => LiveProperties.TryFind(name, out var live) && live is LiveProperty.QuotaAvailableBytes or LiveProperty.QuotaUsedBytes);
        return new PropFindResponder(request, body, output, await RenderSupportedLockAsync().ConfigureAwait(false))
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Applies(LiveProperty live, bool isCollection) => live switch
    {
        LiveProperty.QuotaUsedBytes => isCollection && _quota is not null,
        LiveProperty.QuotaAvailableBytes => isCollection && _quota?.AvailableBytes is not null,
        _ => LiveProperties.AppliesTo(live, isCollection),
    };

    /// <summary>The &lt;D:response&gt; of the resource at <paramref name="path"/>.</summary>
    public async ValueTask WriteAsync(VfsPath path, FileEntry entry, IReadOnlyList<StoredProperty> dead)
    {
        var lockDiscovery = ShowsLockDiscovery ? MarkupBuffer.RawBytes(await RenderLockDiscoveryAsync(path).ConfigureAwait(false)) : null;
        _out.Raw("<D:response><D:href>"u8);
        _out.Text(_request.Href(path, entry.IsDirectory));
        WriteProperties(new Resource(entry, path.Name, dead, lockDiscovery));
    }

    /// <summary>
    /// Call before the members of <paramref name="folder"/>. When the response shows lockdiscovery,
    /// one look-up in the lock table tells whether any lock can concern a member; usually none does.
    /// </summary>
    public async ValueTask BeginMembersAsync(VfsPath folder)
    {
        _folderHref = Escaped(_request.Href(folder, isCollection: true));
        _membersLockDiscovery = null;
        if (!ShowsLockDiscovery)
        {
            return;
        }

        var locks = await _request.Locks.FindAsync(_request.TargetFor(folder), LockDepth.Infinity, _request.Aborted).ConfigureAwait(false);
        if (locks.Count == 0)
        {
            _membersLockDiscovery = MarkupBuffer.RawBytes(await RenderAsync(writer => LockXml.WriteLockDiscoveryAsync(writer, _request, folder)).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// The &lt;D:response&gt; of a member of the folder given to <see cref="BeginMembersAsync"/>; only
    /// when <see cref="MembersAreSynchronous"/>. Its href is the folder's with the escaped name
    /// appended (what <see cref="DavRequest.Href"/> makes, without building the member's path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteMember(FileEntry entry, IReadOnlyList<StoredProperty> dead) => WriteMember(entry, dead, _membersLockDiscovery);

    /// <summary>The same when a lock may concern the member: its lockdiscovery is looked up first.</summary>
    public async ValueTask WriteMemberAsync(VfsPath folder, FileEntry entry, IReadOnlyList<StoredProperty> dead)
    {
        var lockDiscovery = _membersLockDiscovery
            ?? (ShowsLockDiscovery ? MarkupBuffer.RawBytes(await RenderLockDiscoveryAsync(folder.Combine(entry.Name)).ConfigureAwait(false)) : null);
        WriteMember(entry, dead, lockDiscovery);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteMember(FileEntry entry, IReadOnlyList<StoredProperty> dead, byte[]? lockDiscovery)
    {
        _out.Raw("<D:response><D:href>"u8);
        _out.Raw(_folderHref);
        _out.EscapedSegment(entry.Name);
        if (entry.IsDirectory)
        {
            _out.Raw("/"u8);
        }

        WriteProperties(new Resource(entry, entry.Name, dead, lockDiscovery));
    }

    /// <summary>
    /// The &lt;D:response&gt; of a member read through a raw listing, written from its name's bytes and
    /// its numbers: the very bytes <see cref="WriteMember(FileEntry, IReadOnlyList{StoredProperty})"/>
    /// writes for the <see cref="FileEntry"/> of it when the member has no stored properties. Only when
    /// <see cref="MembersAreSynchronous"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteMember(scoped in RawEntry entry)
    {
        _out.Raw("<D:response><D:href>"u8);
        _out.Raw(_folderHref);
        _out.EscapedSegment(entry.Name);
        if (entry.IsDirectory)
        {
            _out.Raw("/"u8);
        }

        WriteProperties(new Resource(entry, _membersLockDiscovery));
    }


    private Task<string> RenderLockDiscoveryAsync(VfsPath path) => RenderAsync(writer => LockXml.WriteLockDiscoveryAsync(writer, _request, path));

    /// <summary>The rest of a response after its href: the propstat groups, then the closing tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteProperties(scoped in Resource resource)
    {
        _out.Raw("</D:href>"u8);
        switch (_body.Kind)
        {
            case PropFindKind.AllProp:
                WriteAllProp(resource);
                break;
            case PropFindKind.PropName:
                WritePropNames(resource);
                break;
            default:
                WriteNamed(resource);
                break;
        }

        _out.Raw("</D:response>"u8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteAllProp(scoped in Resource resource)
    {
        var isCollection = resource.IsDirectory;
        _out.Raw("<D:propstat><D:prop>"u8);
        foreach (var live in AllPropOrder)
        {
            if (Applies(live, isCollection))
            {
                WriteLive(live, resource);
            }
        }

        for (var i = 0; i < resource.Dead.Count; i++)
        {
            var property = resource.Dead[i];
            if (!LiveProperties.TryFind(property.Name, out _))
            {
                _out.Raw(property.ElementXml);
            }
        }

        var missing = 0;
        foreach (var name in _names)
        {
            if (IsIncludedAnyway(name, resource.Dead))
            {
                continue;
            }

            if (name.IsLive && Applies(name.Live, isCollection))
            {
                WriteLive(name.Live, resource);
            }
            else
            {
                missing++;
            }
        }

        _out.Raw("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"u8);
        if (missing > 0)
        {
            _out.Raw("<D:propstat><D:prop>"u8);
            foreach (var name in _names)
            {
                if (!IsIncludedAnyway(name, resource.Dead) && !(name.IsLive && Applies(name.Live, isCollection)))
                {
                    _out.Raw(name.Empty);
                }
            }

            _out.Raw("</D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>"u8);
        }
    }

    /// <summary>An included name that allprop shows anyway (a live one it lists, or a stored one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsIncludedAnyway(RequestedName name, IReadOnlyList<StoredProperty> dead) =>
        name.IsLive ? name.InAllProp : Find(dead, name.Name) is not null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WritePropNames(scoped in Resource resource)
    {
        _out.Raw("<D:propstat><D:prop>"u8);
        foreach (var live in AllPropOrder)
        {
            if (Applies(live, resource.IsDirectory))
            {
                _out.Raw("<D:"u8);
                _out.Raw(LiveProperties.LocalName(live));
                _out.Raw("/>"u8);
            }
        }

        for (var i = 0; i < resource.Dead.Count; i++)
        {
            var property = resource.Dead[i];
            if (!LiveProperties.TryFind(property.Name, out _))
            {
                _out.Raw(EmptyElement(property.Name));
            }
        }

        _out.Raw("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"u8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteNamed(scoped in Resource resource)
    {
        var found = 0;
        foreach (var name in _names)
        {
            if (Has(name, resource))
            {
                found++;
            }
        }

        if (found > 0)
        {
            _out.Raw("<D:propstat><D:prop>"u8);
            foreach (var name in _names)
            {
                if (name.IsLive)
                {
                    if (Applies(name.Live, resource.IsDirectory))
                    {
                        WriteLive(name.Live, resource);
                    }
                }
                else if (Find(resource.Dead, name.Name) is { } property)
                {
                    _out.Raw(property.ElementXml);
                }
            }

            _out.Raw("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"u8);
        }

        if (found < _names.Length)
        {
            _out.Raw("<D:propstat><D:prop>"u8);
            foreach (var name in _names)
            {
                if (!Has(name, resource))
                {
                    _out.Raw(name.Empty);
                }
            }

            _out.Raw("</D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>"u8);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Has(RequestedName name, scoped in Resource resource) =>
        name.IsLive ? Applies(name.Live, resource.IsDirectory) : Find(resource.Dead, name.Name) is not null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteLive(LiveProperty live, scoped in Resource resource)
    {
        switch (live)
        {
            case LiveProperty.ResourceType:
                _out.Raw(resource.IsDirectory ? "<D:resourcetype><D:collection/></D:resourcetype>"u8 : "<D:resourcetype/>"u8);
                break;
            case LiveProperty.CreationDate:
                // Storage keeps no creation time: the modification time stands in (RFC 3339, UTC:
                // yyyy-MM-ddTHH:mm:ssZ, which the standard "s" format writes without parsing a pattern).
                _out.Raw("<D:creationdate>"u8);
                _out.Raw(_created.Format(resource.LastModifiedUtc));
                _out.Raw("Z</D:creationdate>"u8);
                break;
            case LiveProperty.GetLastModified:
                _out.Raw("<D:getlastmodified>"u8);
                _out.Raw(_lastModified.Format(resource.LastModifiedUtc));
                _out.Raw("</D:getlastmodified>"u8);
                break;
            case LiveProperty.GetContentLength:
                _out.Raw("<D:getcontentlength>"u8);
                _out.Number(resource.Length);
                _out.Raw("</D:getcontentlength>"u8);
                break;
            case LiveProperty.GetContentType:
                _out.Raw("<D:getcontenttype>"u8);
                _out.Text(resource.Entry is { } entry ? ContentTypes.For(entry.Name) : ContentTypes.For(resource.RawName));
                _out.Raw("</D:getcontenttype>"u8);
                break;
            case LiveProperty.GetETag:
                _out.Raw("<D:getetag>"u8);
                WriteETag(resource);
                _out.Raw("</D:getetag>"u8);
                break;
            case LiveProperty.DisplayName:
                if (Find(resource.Dead, DisplayNameProperty) is { } chosen)
                {
                    _out.Raw(chosen.ElementXml);
                }
                else
                {
                    _out.Raw("<D:displayname>"u8);
                    if (resource.DisplayName is { } displayName)
                    {
                        _out.Text(displayName);
                    }
                    else
                    {
                        _out.Text(resource.RawName);
                    }

                    _out.Raw("</D:displayname>"u8);
                }

                break;
            case LiveProperty.SupportedLock:
                _out.Raw(_supportedLock);
                break;
            case LiveProperty.LockDiscovery:
                _out.Raw(resource.LockDiscovery ?? throw new InvalidOperationException("lockdiscovery was not looked up."));
                break;
            case LiveProperty.QuotaUsedBytes:
                _out.Raw("<D:quota-used-bytes>"u8);
                _out.Number(_quota!.UsedBytes);
                _out.Raw("</D:quota-used-bytes>"u8);
                break;
            case LiveProperty.QuotaAvailableBytes:
                _out.Raw("<D:quota-available-bytes>"u8);
                _out.Number(_quota!.AvailableBytes!.Value);
                _out.Raw("</D:quota-available-bytes>"u8);
                break;
            default:
                throw new InvalidOperationException($"{live} has no value here.");
        }
    }

    /// <summary>A file's entity tag (getetag applies to files only): the same text <see cref="EntityTags.For"/> gives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteETag(scoped in Resource resource)
    {
        if (resource.Entry is { } entry)
        {
            if (entry.TryGetTimeSizeTag(out var tag))
            {
                // Written from the numbers: no ETag string per entry.
                _out.Tag(tag);
            }
            else
            {
                _out.Text(EntityTags.For(entry)!);
            }
        }
        else if (resource.Tag is { } tag)
        {
            _out.Tag(tag);
        }
        else
        {
            // A raw entry with no tag had no ETag of its own either: the tag EntityTags.For makes then
            // (a string per entry, but the local storage gives every file a tag, so none comes here today).
            _out.Text(EntityTags.Made(resource.Length, resource.LastModifiedUtc.Ticks));
        }
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

    /// <summary>
    /// An empty element of the name in its own namespace, as XmlWriter writes it inside the
    /// multistatus (DAV: with the D prefix; the empty namespace stays empty: no default namespace is
    /// ever declared around it; any other as the default namespace of the element).
    /// </summary>
    private static string EmptyElement(PropertyName name)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment };
        using var writer = XmlWriter.Create(text, settings);
        writer.WriteStartElement("D", "wrapper", DavXml.Namespace);
        writer.WriteString("");
        writer.Flush();
        var start = text.Length;
        if (string.Equals(name.Namespace, DavXml.Namespace, StringComparison.Ordinal))
        {
            writer.WriteStartElement("D", name.LocalName, DavXml.Namespace);
        }
        else
        {
            writer.WriteStartElement(null, name.LocalName, name.Namespace);
        }

        writer.WriteEndElement();
        writer.Flush();
        return text.ToString(start, text.Length - start);
    }

    /// <summary>Element text as the UTF-8 bytes of its escaped form.</summary>
    private static byte[] Escaped(string text)
    {
        using var buffer = new MarkupBuffer(text.Length * 3 + 16);
        buffer.Text(text);
        return buffer.Written.ToArray();
    }

    /// <summary>
    /// What one response shows of one resource: a <see cref="FileEntry"/> and its display name, or a raw
    /// listing's entry (its name as UTF-8, its numbers, no stored properties). Values that both have
    /// are fields here, so the writers above serve both alike.
    /// </summary>
    private readonly ref struct Resource
    {
        public Resource(FileEntry entry, string displayName, IReadOnlyList<StoredProperty> dead, byte[]? lockDiscovery)
        {
            Entry = entry;
            DisplayName = displayName;
            IsDirectory = entry.IsDirectory;
            Length = entry.Length;
            LastModifiedUtc = entry.LastModified.UtcDateTime;
            Dead = dead;
            LockDiscovery = lockDiscovery;
        }

        public Resource(scoped in RawEntry entry, byte[]? lockDiscovery)
        {
            RawName = entry.Name;
            IsDirectory = entry.IsDirectory;
            Length = entry.Length;
            LastModifiedUtc = new DateTime(entry.LastModifiedUtcTicks, DateTimeKind.Utc);
            Tag = entry.Tag;
            Dead = NoProperties;
            LockDiscovery = lockDiscovery;
        }

        /// <summary>The entry; null for a raw one.</summary>
        public FileEntry? Entry { get; }

        /// <summary>The name displayname shows; null for a raw entry, which shows <see cref="RawName"/>.</summary>
        public string? DisplayName { get; }

        /// <summary>A raw entry's name as UTF-8; empty otherwise.</summary>
        public ReadOnlySpan<byte> RawName { get; }

        public bool IsDirectory { get; }

        public long Length { get; }

        public DateTime LastModifiedUtc { get; }

        /// <summary>A raw entry's tag (<see cref="RawEntry.Tag"/>).</summary>
        public TimeSizeTag? Tag { get; }

        public IReadOnlyList<StoredProperty> Dead { get; }

        public byte[]? LockDiscovery { get; }
    }

    /// <summary>A name of the body, resolved once: whether it is live (and which), and its empty element for a 404 group, made when first needed.</summary>
    private sealed class RequestedName
    {
        private byte[]? _empty;

        public RequestedName(PropertyName name)
        {
            Name = name;
            IsLive = LiveProperties.TryFind(name, out var live);
            Live = live;
            InAllProp = IsLive && LiveProperties.InAllProp.Contains(live);
        }

        public PropertyName Name { get; }

        public bool IsLive { get; }

        public LiveProperty Live { get; }

        /// <summary>A live property allprop shows anyway.</summary>
        public bool InAllProp { get; }

        public byte[] Empty => _empty ??= Encoding.UTF8.GetBytes(EmptyElement(Name));
    }
}
