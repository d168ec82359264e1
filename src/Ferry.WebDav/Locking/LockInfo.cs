using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;
using Ferry.Core.Access.Locks;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Locking;

/// <summary>
/// The body of a LOCK that asks for a new lock (RFC 4918 14.11 lockinfo): its scope, a write lock
/// type, and the owner element, kept as the XML the client sent so that lock discovery shows it back.
/// </summary>
/// <param name="OwnerXml">The &lt;D:owner&gt; element whole (with the namespace declarations it needs), or null when none was sent.</param>
internal sealed record LockInfo(LockScope Scope, string? OwnerXml)
{
    /// <summary>
    /// Reads a lockinfo body: no DTD, no resolver, bounded in size, element depth and element count
    /// (<see cref="WebDavOptions"/>). False with a sentence for the client for anything else:
    /// malformed XML, another root element, no or an unknown lock scope, no write lock type.
    /// Unknown elements are ignored (RFC 4918 17, extensibility).
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, WebDavOptions options, [NotNullWhen(true)] out LockInfo? info, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        info = null;
        try
        {
            return TryRead(body, options, out info, out problem);
        }
        catch (Exception e) when (DavXml.IsUnreadableBody(e))
        {
            problem = $"The LOCK body is not well-formed XML: {DavXml.Unreadable(e)}";
            return false;
        }
    }

    /// <summary>Settings for reading back a kept owner element: a fragment, no DTD, no resolver.</summary>
    public static XmlReaderSettings FragmentReaderSettings => new()
    {
        ConformanceLevel = ConformanceLevel.Fragment,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
    };

    /// <summary>True when <paramref name="xml"/> reads as one well-formed element.</summary>
    public static bool IsWellFormedFragment(string xml)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), FragmentReaderSettings);
            var elements = 0;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 0)
                {
                    elements++;
                }
            }

            return elements == 1;
        }
        catch (Exception e) when (DavXml.IsUnreadableBody(e))
        {
            return false;
        }
    }

    private static bool TryRead(ReadOnlyMemory<byte> body, WebDavOptions options, out LockInfo? info, out string? problem)
    {
        info = null;
        var settings = DavXml.ReaderSettings(options);
        settings.Async = false;
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, settings);

        LockScope? scope = null;
        var writeType = false;
        string? section = null;
        StringBuilder? owner = null;
        XmlWriter? ownerWriter = null;
        var elements = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (++elements > options.MaxXmlElements || reader.Depth >= options.MaxXmlDepth)
                    {
                        problem = $"The LOCK body nests deeper than {options.MaxXmlDepth} or holds more than {options.MaxXmlElements} elements.";
                        return false;
                    }

                    var dav = reader.NamespaceURI == DavXml.Namespace;
                    switch (reader.Depth)
                    {
                        case 0 when !(dav && reader.LocalName == "lockinfo"):
                            problem = "The LOCK body must be a DAV:lockinfo element.";
                            return false;
                        case 1:
                            section = dav ? reader.LocalName : null;
                            if (section == "owner")
                            {
                                owner = new StringBuilder();
                                ownerWriter = XmlWriter.Create(owner, new XmlWriterSettings { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment });
                            }

                            break;
                        case 2 when section == "lockscope" && dav && reader.LocalName is "exclusive" or "shared":
                            scope = reader.LocalName == "exclusive" ? LockScope.Exclusive : LockScope.Shared;
                            break;
                        case 2 when section == "locktype" && dav && reader.LocalName == "write":
                            writeType = true;
                            break;
                    }
                }

                if (section == "owner" && ownerWriter is not null && reader.Depth >= 1)
                {
                    CopyNode(reader, ownerWriter);
                }

                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == 1 || reader is { NodeType: XmlNodeType.Element, Depth: 1, IsEmptyElement: true })
                {
                    section = null;
                    ownerWriter?.Dispose();
                    ownerWriter = null;
                }
            }
        }
        finally
        {
            ownerWriter?.Dispose();
        }

        if (scope is not { } granted)
        {
            problem = "The LOCK body names no lock scope: DAV:exclusive or DAV:shared in DAV:lockscope.";
            return false;
        }

        if (!writeType)
        {
            problem = "The LOCK body names no lock type; write locks (DAV:write in DAV:locktype) are the only kind.";
            return false;
        }

        problem = null;
        info = new LockInfo(granted, owner?.ToString());
        return true;
    }

    /// <summary>Writes the node the reader is on (not its subtree: the caller walks it, counting as it goes).</summary>
    private static void CopyNode(XmlReader reader, XmlWriter writer)
    {
        switch (reader.NodeType)
        {
            case XmlNodeType.Element:
                writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                writer.WriteAttributes(reader, defattr: true);
                reader.MoveToElement();
                if (reader.IsEmptyElement)
                {
                    writer.WriteEndElement();
                }

                break;
            case XmlNodeType.EndElement:
                writer.WriteFullEndElement();
                break;
            case XmlNodeType.Text:
                writer.WriteString(reader.Value);
                break;
            case XmlNodeType.CDATA:
                writer.WriteCData(reader.Value);
                break;
            case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                writer.WriteWhitespace(reader.Value);
                break;
        }
    }
}
