using System.Xml;
using Ferry.Core.Properties;
using Ferry.WebDav;
using Ferry.WebDav.Locking;
using Ferry.WebDav.Xml;

namespace Ferry.Fuzz;

/// <summary>
/// The XML bodies of PROPFIND, PROPPATCH and LOCK, for any bytes. The body check either refuses a
/// body (400 or 413, with a sentence) or passes one that every parser then reads without throwing.
/// What the server keeps and later writes back into its own XML, a PROPPATCH's property elements and
/// a LOCK's owner, is one well-formed element each, so no body can break or inject into a later
/// PROPFIND or lock discovery. Small bounds here, so that the fuzzer reaches them.
/// </summary>
public static class DavXmlTarget
{
    private static readonly WebDavOptions Options = new() { MaxXmlBodyBytes = 64 * 1024, MaxXmlDepth = 8, MaxXmlElements = 64 };

    public static void Run(byte[] input)
    {
        var checkedBody = DavXmlBody.ReadAsync(new MemoryStream(input), input.Length, Options, CancellationToken.None).GetAwaiter().GetResult();
        if (checkedBody.Failed)
        {
            if (checkedBody.Status is not (400 or 413) || string.IsNullOrWhiteSpace(checkedBody.Problem))
            {
                throw new FuzzFinding($"a refused body answered {checkedBody.Status} '{checkedBody.Problem}'");
            }

            return;
        }

        if (checkedBody.Body is not { } body)
        {
            return;
        }

        if (PropFindBody.Parse(body, Options) is { } propfind && propfind.Names.Any(n => n.LocalName.Length == 0))
        {
            throw new FuzzFinding("a PROPFIND named a property without a name");
        }

        foreach (var operation in PropPatchBody.Parse(body, Options) ?? [])
        {
            if (operation.Property is { } property && !IsOneElementNamed(property.ElementXml, operation.Name))
            {
                throw new FuzzFinding($"PROPPATCH would keep '{property.ElementXml}' for {operation.Name}, which is not that one element");
            }
        }

        if (LockInfo.TryParse(body, Options, out var info, out _) && info.OwnerXml is { } owner && !LockInfo.IsWellFormedFragment(owner))
        {
            throw new FuzzFinding($"LOCK would keep the owner '{owner}', which is not one well-formed element");
        }
    }

    private static bool IsOneElementNamed(string xml, PropertyName name)
    {
        if (!LockInfo.IsWellFormedFragment(xml))
        {
            return false;
        }

        using var reader = XmlReader.Create(new StringReader(xml), LockInfo.FragmentReaderSettings);
        reader.MoveToContent();
        return reader.LocalName == name.LocalName && reader.NamespaceURI == name.Namespace;
    }
}
