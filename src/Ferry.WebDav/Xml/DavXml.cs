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

    /// <summary>
    /// Whether an exception from reading a client's XML means only that the body is not XML this
    /// server reads. .NET's reader says so with an XmlException, except in one place the fuzzer found
    /// (fuzz target davxml): an XML declaration whose version holds bytes beyond ASCII, followed by an
    /// encoding, makes its switch of decoders fail with an ArgumentOutOfRangeException. A body is only
    /// ever read from memory, so no other argument error can come from anything but its bytes.
    /// </summary>
    public static bool IsUnreadableBody(Exception error) => error is XmlException or ArgumentException;

    /// <summary>What to tell the client about such a body: the reader's own words for XML it found wrong, never an argument error's.</summary>
    public static string Unreadable(Exception error) =>
        error is XmlException ? error.Message : "its declaration or encoding cannot be read.";

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
