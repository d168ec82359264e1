using System.Xml;
using System.Xml.Linq;

namespace Ferry.Import.Iis;

/// <summary>
/// Reads applicationHost.config as untrusted XML: no DTD (an entity bomb or an external entity
/// would otherwise be expanded), no resolver (nothing is fetched from disk or network), and a bound
/// on its size.
/// </summary>
public static class IisXml
{
    /// <summary>
    /// A server with hundreds of sites writes a few MiB; 64 MiB is far beyond any real file and still
    /// small enough to hold in memory, so a wrong file (a disk image) is refused instead of read.
    /// </summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <exception cref="InvalidDataException">Not XML, too large, or not an applicationHost.config.</exception>
    public static XDocument Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        if (info.Length > MaxBytes)
        {
            throw new InvalidDataException($"'{path}' is {info.Length} bytes; an applicationHost.config is far smaller (at most {MaxBytes} bytes are read).");
        }

        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    public static XDocument Load(Stream stream, string name)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
        };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            var document = XDocument.Load(reader, LoadOptions.SetLineInfo);
            if (document.Root?.Name.LocalName != "configuration")
            {
                throw new InvalidDataException($"'{name}' is not an IIS configuration file: its root element is <{document.Root?.Name.LocalName}>, not <configuration>.");
            }

            return document;
        }
        catch (Exception error) when (error is XmlException or ArgumentException)
        {
            // .NET's reader fails with an ArgumentOutOfRangeException, not an XmlException, on an XML
            // declaration whose version holds bytes beyond ASCII before an encoding (found by fuzzing WebDAV's bodies).
            var why = error is XmlException ? error.Message : "its declaration or encoding cannot be read.";
            throw new InvalidDataException($"'{name}' is not readable XML: {why}", error);
        }
    }
}
