using System.Text;
using System.Xml;
using Ferry.Core.Properties;

namespace Ferry.WebDav.Xml;

/// <summary>One instruction of a PROPPATCH: set a property to a value, or remove it.</summary>
/// <param name="Property">The whole element to store (set only).</param>
public sealed record PropPatchOperation(PropertyName Name, StoredProperty? Property)
{
    public bool IsRemove => Property is null;
}

/// <summary>A parsed propertyupdate (RFC 4918 14.19): its set and remove instructions in document order.</summary>
public static class PropPatchBody
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    private static readonly XmlWriterSettings CaptureSettings = new()
    {
        OmitXmlDeclaration = true,
        ConformanceLevel = ConformanceLevel.Fragment,
        NewLineHandling = NewLineHandling.None,
    };

    /// <summary>The instructions from a checked body (see <see cref="DavXmlBody"/>), or null when it is no propertyupdate holding set or remove.</summary>
    public static IReadOnlyList<PropPatchOperation>? Parse(byte[] body, WebDavOptions options)
    {
        using var reader = DavXmlBody.CreateReader(body, options);
        reader.MoveToContent();
        if (!PropFindBody.IsDav(reader, "propertyupdate") || reader.IsEmptyElement)
        {
            return null;
        }

        var operations = new List<PropPatchOperation>();
        var instructions = 0;
        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            var set = PropFindBody.IsDav(reader, "set");
            if (!set && !PropFindBody.IsDav(reader, "remove"))
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                }

                continue;
            }

            instructions++;
            ReadInstruction(reader, set, operations);
        }

        return instructions == 0 ? null : operations;
    }

    /// <summary>One set or remove: the properties in its prop element(s). Leaves the reader after its end.</summary>
    private static void ReadInstruction(XmlReader reader, bool set, List<PropPatchOperation> operations)
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
            if (!PropFindBody.IsDav(reader, "prop") || reader.IsEmptyElement)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                }

                continue;
            }

            var propDepth = reader.Depth;
            reader.Read();
            while (reader.Depth > propDepth)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                var name = new PropertyName(reader.NamespaceURI, reader.LocalName);
                if (set)
                {
                    operations.Add(new PropPatchOperation(name, new StoredProperty(name, Capture(reader))));
                }
                else
                {
                    operations.Add(new PropPatchOperation(name, null));
                    reader.Skip();
                }
            }

            reader.Read();
        }

        reader.Read();
    }

    /// <summary>
    /// The element at the reader, whole, as self-contained XML: the writer declares every namespace
    /// the element and its content use, and the xml:lang in scope is kept on the element (RFC 4918
    /// 4.3). Leaves the reader after the element's end.
    /// </summary>
    private static string Capture(XmlReader reader)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, CaptureSettings))
        {
            var language = reader.XmlLang;
            var ownLanguage = reader.GetAttribute("lang", XmlNamespace) is not null;
            var empty = reader.IsEmptyElement;
            var depth = reader.Depth;
            writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
            writer.WriteAttributes(reader, defattr: true);
            if (!ownLanguage && language.Length > 0)
            {
                writer.WriteAttributeString("xml", "lang", XmlNamespace, language);
            }

            reader.Read();
            if (!empty)
            {
                while (reader.Depth > depth)
                {
                    writer.WriteNode(reader, defattr: true);
                }

                reader.Read();
                writer.WriteFullEndElement();
            }
            else
            {
                writer.WriteEndElement();
            }
        }

        return text.ToString();
    }
}
