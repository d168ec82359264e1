using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Xml;

/// <summary>
/// Reads an XML request body (PROPFIND, PROPPATCH, LOCK) whole and checks it before any handler
/// acts on it: well-formed, namespace-valid, no DTD (so no entity is ever expanded), within the
/// size, depth and element bounds of <see cref="WebDavOptions"/>. A handler then parses a body it
/// knows is sound, and a bad one changes nothing.
/// </summary>
public static class DavXmlBody
{
    /// <summary>The body, or the status to answer: 413 when it is too large, 400 when it is not sound XML within bounds.</summary>
    public static async Task<XmlBodyResult> ReadAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ReadAsync(request.Http.Request.Body, request.Http.Request.ContentLength, request.Options, request.Aborted).ConfigureAwait(false);
    }

    /// <summary>The same for a body stream, its announced length (null when chunked) and the bounds.</summary>
    public static async Task<XmlBodyResult> ReadAsync(Stream body, long? contentLength, WebDavOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);
        if (contentLength > options.MaxXmlBodyBytes)
        {
            return XmlBodyResult.Fail(StatusCodes.Status413PayloadTooLarge, "The XML body is larger than this server reads.");
        }

        var bytes = await ReadBoundedAsync(body, options.MaxXmlBodyBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return XmlBodyResult.Fail(StatusCodes.Status413PayloadTooLarge, "The XML body is larger than this server reads.");
        }

        if (IsBlank(bytes))
        {
            return XmlBodyResult.Empty;
        }

        return Check(bytes, options) is { } problem ? problem : XmlBodyResult.Of(bytes);
    }

    /// <summary>A reader over a checked body: the same safe settings, synchronous (the body is in memory).</summary>
    public static XmlReader CreateReader(byte[] body, WebDavOptions options)
    {
        ArgumentNullException.ThrowIfNull(body);
        var settings = DavXml.ReaderSettings(options);
        settings.Async = false;
        return XmlReader.Create(new MemoryStream(body, writable: false), settings);
    }

    private static XmlBodyResult? Check(byte[] body, WebDavOptions options)
    {
        try
        {
            using var reader = CreateReader(body, options);
            var elements = 0;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (++elements > options.MaxXmlElements)
                {
                    return XmlBodyResult.Fail(StatusCodes.Status413PayloadTooLarge, $"The XML body has more than {options.MaxXmlElements} elements.");
                }

                if (reader.Depth >= options.MaxXmlDepth)
                {
                    return XmlBodyResult.Fail(StatusCodes.Status400BadRequest, $"The XML body nests deeper than {options.MaxXmlDepth} elements.");
                }
            }

            return null;
        }
        catch (Exception error) when (DavXml.IsUnreadableBody(error))
        {
            return XmlBodyResult.Fail(StatusCodes.Status400BadRequest, "The body is not well-formed XML: " + DavXml.Unreadable(error));
        }
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsBlank(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A request body that passed <see cref="DavXmlBody"/>'s checks, none at all, or the refusal to answer.</summary>
public sealed record XmlBodyResult(byte[]? Body, int Status, string? Problem)
{
    public static readonly XmlBodyResult Empty = new(null, 0, null);

    public bool IsEmpty => Body is null && Status == 0;

    public bool Failed => Status != 0;

    public static XmlBodyResult Of(byte[] body) => new(body, 0, null);

    public static XmlBodyResult Fail(int status, string problem) => new(null, status, problem);
}
