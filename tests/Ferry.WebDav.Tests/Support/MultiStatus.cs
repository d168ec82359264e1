using System.Xml.Linq;

namespace Ferry.WebDav.Tests.Support;

/// <summary>A parsed 207 body: each response by href, each property with the status of its propstat.</summary>
internal sealed class MultiStatus
{
    public static readonly XNamespace Dav = "DAV:";

    private MultiStatus(XDocument document)
    {
        Document = document;
    }

    public XDocument Document { get; }

    public IReadOnlyList<XElement> Responses => [.. Document.Root!.Elements(Dav + "response")];

    public IReadOnlyList<string> Hrefs => [.. Responses.Select(response => response.Element(Dav + "href")!.Value)];

    public static MultiStatus Parse(DavResponse response)
    {
        Assert.True(response.Status == 207, $"expected 207, got {response}");
        Assert.StartsWith("application/xml", response.Headers.ContentType.ToString());
        var document = XDocument.Parse(response.Body, LoadOptions.PreserveWhitespace);
        Assert.Equal(Dav + "multistatus", document.Root!.Name);
        return new MultiStatus(document);
    }

    public XElement Response(string href) => Assert.Single(Responses, response => response.Element(Dav + "href")!.Value == href);

    /// <summary>The property element and the status code of its propstat, or null when the response does not name it.</summary>
    public (XElement Property, int Status)? Find(string href, XName property)
    {
        foreach (var propstat in Response(href).Elements(Dav + "propstat"))
        {
            if (propstat.Element(Dav + "prop")!.Element(property) is { } element)
            {
                var status = propstat.Element(Dav + "status")!.Value.Split(' ')[1];
                return (element, int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    /// <summary>The property as found with 200.</summary>
    public XElement Found(string href, XName property)
    {
        var found = Find(href, property);
        Assert.True(found is { Status: 200 }, $"{property} of {href}: {found?.Status.ToString() ?? "absent"}");
        return found!.Value.Property;
    }

    public int StatusOf(string href, XName property) =>
        Find(href, property)?.Status ?? throw new Xunit.Sdk.XunitException($"{property} is not in the response for {href}");
}
