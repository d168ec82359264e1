using System.Xml;
using Ferry.Core.Paths;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Methods;

/// <summary>One member a Depth operation could not do, and why.</summary>
internal sealed record MemberStatus(VfsPath Path, bool IsCollection, int Status);

/// <summary>
/// The 207 Multi-Status answer of a DELETE, COPY or MOVE that failed for some members (RFC 4918
/// 9.6.1, 9.8.8): one response per failed member, its href and status. Members that were done and
/// ancestors left because of a failure below (424) are not listed, as the RFC asks.
/// </summary>
internal static class MultiStatus
{
    public static async Task WriteAsync(DavRequest request, IReadOnlyList<MemberStatus> members)
    {
        var response = request.Http.Response;
        response.StatusCode = DavStatus.MultiStatus;
        response.ContentType = DavXml.ContentType;
        var writer = XmlWriter.Create(response.Body, DavXml.WriterSettings);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteStartDocumentAsync().ConfigureAwait(false);
            await writer.WriteStartElementAsync("D", "multistatus", DavXml.Namespace).ConfigureAwait(false);
            foreach (var member in members)
            {
                await writer.WriteStartElementAsync("D", "response", DavXml.Namespace).ConfigureAwait(false);
                await writer.WriteElementStringAsync("D", "href", DavXml.Namespace, request.Href(member.Path, member.IsCollection)).ConfigureAwait(false);
                await writer.WriteElementStringAsync("D", "status", DavXml.Namespace, DavStatus.Line(member.Status)).ConfigureAwait(false);
                await writer.WriteEndElementAsync().ConfigureAwait(false);
            }

            await writer.WriteEndElementAsync().ConfigureAwait(false);
            await writer.WriteEndDocumentAsync().ConfigureAwait(false);
        }
    }
}
