using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Ferry.Core.Properties;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Properties;

/// <summary>The DAV: properties the server computes instead of storing (RFC 4918 15, RFC 4331).</summary>
public enum LiveProperty
{
    CreationDate,
    DisplayName,
    GetContentLength,
    GetContentType,
    GetETag,
    GetLastModified,
    LockDiscovery,
    ResourceType,
    SupportedLock,
    QuotaAvailableBytes,
    QuotaUsedBytes,
}

/// <summary>Which live property a name is, where it applies, and whether a client may set it.</summary>
public static class LiveProperties
{
    private static readonly FrozenDictionary<string, LiveProperty> ByLocalName = new Dictionary<string, LiveProperty>(StringComparer.Ordinal)
    {
        ["creationdate"] = LiveProperty.CreationDate,
        ["displayname"] = LiveProperty.DisplayName,
        ["getcontentlength"] = LiveProperty.GetContentLength,
        ["getcontenttype"] = LiveProperty.GetContentType,
        ["getetag"] = LiveProperty.GetETag,
        ["getlastmodified"] = LiveProperty.GetLastModified,
        ["lockdiscovery"] = LiveProperty.LockDiscovery,
        ["resourcetype"] = LiveProperty.ResourceType,
        ["supportedlock"] = LiveProperty.SupportedLock,
        ["quota-available-bytes"] = LiveProperty.QuotaAvailableBytes,
        ["quota-used-bytes"] = LiveProperty.QuotaUsedBytes,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>What allprop returns, in the order written (quota is left out: RFC 4331 3 excludes it).</summary>
    public static IReadOnlyList<LiveProperty> InAllProp { get; } =
    [
        LiveProperty.ResourceType,
        LiveProperty.CreationDate,
        LiveProperty.GetLastModified,
        LiveProperty.GetContentLength,
        LiveProperty.GetContentType,
        LiveProperty.GetETag,
        LiveProperty.DisplayName,
        LiveProperty.SupportedLock,
        LiveProperty.LockDiscovery,
    ];

    public static bool TryFind(PropertyName name, out LiveProperty property)
    {
        ArgumentNullException.ThrowIfNull(name);
        property = default;
        return string.Equals(name.Namespace, DavXml.Namespace, StringComparison.Ordinal) && ByLocalName.TryGetValue(name.LocalName, out property);
    }

    public static string LocalName(LiveProperty property) => property switch
    {
        LiveProperty.CreationDate => "creationdate",
        LiveProperty.DisplayName => "displayname",
        LiveProperty.GetContentLength => "getcontentlength",
        LiveProperty.GetContentType => "getcontenttype",
        LiveProperty.GetETag => "getetag",
        LiveProperty.GetLastModified => "getlastmodified",
        LiveProperty.LockDiscovery => "lockdiscovery",
        LiveProperty.ResourceType => "resourcetype",
        LiveProperty.SupportedLock => "supportedlock",
        LiveProperty.QuotaAvailableBytes => "quota-available-bytes",
        LiveProperty.QuotaUsedBytes => "quota-used-bytes",
        _ => throw new ArgumentOutOfRangeException(nameof(property)),
    };

    /// <summary>
    /// Whether the property has a value on a file or a collection. Content properties belong to
    /// files; quota depends on the account (PropFindResponder answers it when the account has one),
    /// so it is not there by this rule alone (404 when asked).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AppliesTo(LiveProperty property, bool isCollection) => property switch
    {
        LiveProperty.GetContentLength or LiveProperty.GetContentType or LiveProperty.GetETag => !isCollection,
        LiveProperty.QuotaAvailableBytes or LiveProperty.QuotaUsedBytes => false,
        _ => true,
    };

    /// <summary>
    /// A client may not set or remove it (403 cannot-modify-protected-property). displayname is the
    /// exception RFC 4918 15.2 asks for: a client's value is stored like a dead property and
    /// shown instead of the name.
    /// </summary>
    public static bool IsProtected(LiveProperty property) => property != LiveProperty.DisplayName;
}
