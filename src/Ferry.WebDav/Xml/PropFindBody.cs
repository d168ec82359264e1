using System.Xml;
using Ferry.Core.Properties;

namespace Ferry.WebDav.Xml;

/// <summary>What a PROPFIND asks for (RFC 4918 14.20).</summary>
public enum PropFindKind
{
    /// <summary>Every dead property and the live ones RFC 4918 defines (also an empty body), plus any included.</summary>
    AllProp,

    /// <summary>The names of the properties only.</summary>
    PropName,

    /// <summary>The named properties (found ones with 200, unknown ones with 404).</summary>
    Prop,
}

/// <summary>A parsed PROPFIND body: its kind and the names of &lt;prop&gt; or of allprop's &lt;include&gt;.</summary>
public sealed record PropFindBody(PropFindKind Kind, IReadOnlyList<PropertyName> Names)
{
    public static readonly PropFindBody AllProp = new(PropFindKind.AllProp, []);

    /// <summary>The request from a checked body (see <see cref="DavXmlBody"/>), or null when it is no propfind element of one kind.</summary>
    public static PropFindBody? Parse(byte[] body, WebDavOptions options)
    {
        using var reader = DavXmlBody.CreateReader(body, options);
        reader.MoveToContent();
        if (!IsDav(reader, "propfind"))
        {
            return null;
        }

        PropFindKind? kind = null;
        var names = new List<PropertyName>();
        var include = new List<PropertyName>();
        if (reader.IsEmptyElement)
        {
            return null;
        }

        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            if (IsDav(reader, "allprop") || IsDav(reader, "propname") || IsDav(reader, "prop"))
            {
                var found = reader.LocalName switch
                {
                    "allprop" => PropFindKind.AllProp,
                    "propname" => PropFindKind.PropName,
                    _ => PropFindKind.Prop,
                };
                if (kind is { } earlier && earlier != found)
                {
                    // RFC 4918 14.20: one of them, not two.
                    return null;
                }

                kind = found;
                if (found == PropFindKind.Prop)
                {
                    ReadNames(reader, names);
                    continue;
                }
            }
            else if (IsDav(reader, "include"))
            {
                ReadNames(reader, include);
                continue;
            }

            // Unknown elements are ignored (RFC 4918 17: extensibility); litmus propextended sends one.
            reader.Skip();
        }

        return kind switch
        {
            PropFindKind.AllProp => new PropFindBody(PropFindKind.AllProp, include),
            PropFindKind.PropName => new PropFindBody(PropFindKind.PropName, []),
            PropFindKind.Prop => new PropFindBody(PropFindKind.Prop, names),
            _ => null,
        };
    }

    internal static bool IsDav(XmlReader reader, string localName) =>
        reader.NodeType == XmlNodeType.Element
        && string.Equals(reader.LocalName, localName, StringComparison.Ordinal)
        && string.Equals(reader.NamespaceURI, DavXml.Namespace, StringComparison.Ordinal);

    /// <summary>The names of the child elements of the current element; leaves the reader after its end.</summary>
    private static void ReadNames(XmlReader reader, List<PropertyName> names)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1)
            {
                var name = new PropertyName(reader.NamespaceURI, reader.LocalName);
                if (!names.Contains(name))
                {
                    names.Add(name);
                }

                reader.Skip();
                continue;
            }

            reader.Read();
        }

        reader.Read();
    }
}
