using System.Text;
using System.Xml;

namespace Ferry.WebDav.Xml;

/// <summary>
/// How request bodies are read and responses written. Reading prohibits DTDs (so no entity can
/// expand: a billion-laughs body is refused, never expanded), resolves nothing external, and bounds
/// the body's size, nesting depth and element count (<see cref="WebDavOptions"/>).
/// </summary>
public static class DavXml
{
    public const string Namespace = "DAV:";

    public const string ContentType = "application/xml; charset=utf-8";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Settings for a request body: no DTD, no resolver, a character bound.</summary>
    public static XmlReaderSettings ReaderSettings(WebDavOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = options.MaxXmlBodyBytes,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            Async = true,
        };
    }

    /// <summary>Settings for a response body: UTF-8 without BOM, asynchronous, not indented (listings are large).</summary>
    public static XmlWriterSettings WriterSettings { get; } = new()
    {
        Encoding = Utf8NoBom,
        Async = true,
        Indent = false,
        OmitXmlDeclaration = false,
        CloseOutput = false,
    };
}
