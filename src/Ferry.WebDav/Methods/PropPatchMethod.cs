using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Properties;
using Ferry.WebDav.Locking;
using Ferry.WebDav.Properties;
using Ferry.WebDav.Xml;
using Microsoft.AspNetCore.Http;

namespace Ferry.WebDav.Methods;

/// <summary>
/// PROPPATCH (RFC 4918 9.2): sets and removes properties of one resource in document order, all or
/// nothing. Computed (live) properties are protected (403); when one instruction fails, none is
/// applied and the others report 424 Failed Dependency. The answer is a 207 multistatus.
/// </summary>
public sealed class PropPatchMethod : IDavMethod
{
    public async Task HandleAsync(DavRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.Http;
        var read = await DavXmlBody.ReadAsync(request).ConfigureAwait(false);
        if (read.Failed || read.IsEmpty)
        {
            await WebDavServer.PlainAsync(http, read.Failed ? read.Status : StatusCodes.Status400BadRequest, read.Problem ?? "PROPPATCH needs a DAV:propertyupdate body.").ConfigureAwait(false);
            return;
        }

        if (PropPatchBody.Parse(read.Body!, request.Options) is not { } operations)
        {
            await WebDavServer.PlainAsync(http, StatusCodes.Status400BadRequest, "The body must be a DAV:propertyupdate element holding set or remove.").ConfigureAwait(false);
            return;
        }

        var stat = await request.Files.StatAsync(request.Path, request.Aborted).ConfigureAwait(false);
        if (!stat.Ok)
        {
            http.Response.StatusCode = DavStatus.For(stat.Error);
            return;
        }

        // Properties are part of what a client writes: an account that may not write here may not change them.
        if (!request.Grant.Files.PermissionsFor(request.Path).HasFlag(Permissions.Write))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (await WriteGuard.CheckWriteAsync(request, request.Path, LockDepth.Zero).ConfigureAwait(false) is { } locked)
        {
            http.Response.StatusCode = locked;
            return;
        }

        var outcomes = Judge(operations);
        var failed = outcomes.Values.Any(status => status != StatusCodes.Status200OK);
        if (failed)
        {
            foreach (var name in outcomes.Keys)
            {
                if (outcomes[name] == StatusCodes.Status200OK)
                {
                    outcomes[name] = DavStatus.FailedDependency;
                }
            }
        }
        else
        {
            var (set, remove) = FinalState(operations);
            await request.Properties.UpdateAsync(request.KeyFor(request.Path), set, remove, request.Aborted).ConfigureAwait(false);
        }

        await using var output = MultistatusWriter.Start(http.Response, request.Aborted);
        WriteResponse(output, request.Href(request.Path, stat.Value!.IsDirectory), outcomes);
        await output.FinishAsync().ConfigureAwait(false);
    }

    /// <summary>Each name's status before anything changes: 403 for a protected (computed) property, 200 otherwise. Names keep their first appearance's order.</summary>
    private static Dictionary<PropertyName, int> Judge(IReadOnlyList<PropPatchOperation> operations)
    {
        var outcomes = new Dictionary<PropertyName, int>();
        foreach (var operation in operations)
        {
            var status = LiveProperties.TryFind(operation.Name, out var live) && LiveProperties.IsProtected(live)
                ? StatusCodes.Status403Forbidden
                : StatusCodes.Status200OK;
            if (!outcomes.TryGetValue(operation.Name, out var earlier) || earlier == StatusCodes.Status200OK)
            {
                outcomes[operation.Name] = status;
            }
        }

        return outcomes;
    }

    /// <summary>What the instructions leave, applied in document order: the last instruction on a name wins.</summary>
    private static (IReadOnlyList<StoredProperty> Set, IReadOnlyList<PropertyName> Remove) FinalState(IReadOnlyList<PropPatchOperation> operations)
    {
        var last = new Dictionary<PropertyName, PropPatchOperation>();
        foreach (var operation in operations)
        {
            last[operation.Name] = operation;
        }

        var set = new List<StoredProperty>();
        var remove = new List<PropertyName>();
        foreach (var operation in last.Values)
        {
            if (operation.Property is { } property)
            {
                set.Add(property);
            }
            else
            {
                remove.Add(operation.Name);
            }
        }

        return (set, remove);
    }

    private static void WriteResponse(MultistatusWriter output, string href, Dictionary<PropertyName, int> outcomes)
    {
        var xml = output.Xml;
        xml.WriteStartElement("D", "response", DavXml.Namespace);
        xml.WriteElementString("D", "href", DavXml.Namespace, href);
        foreach (var status in outcomes.Values.Distinct())
        {
            xml.WriteStartElement("D", "propstat", DavXml.Namespace);
            xml.WriteStartElement("D", "prop", DavXml.Namespace);
            foreach (var (name, outcome) in outcomes)
            {
                if (outcome != status)
                {
                    continue;
                }

                if (string.Equals(name.Namespace, DavXml.Namespace, StringComparison.Ordinal))
                {
                    xml.WriteStartElement("D", name.LocalName, DavXml.Namespace);
                }
                else
                {
                    xml.WriteStartElement(null, name.LocalName, name.Namespace);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteElementString("D", "status", DavXml.Namespace, DavStatus.Line(status));
            if (status == StatusCodes.Status403Forbidden)
            {
                xml.WriteStartElement("D", "error", DavXml.Namespace);
                xml.WriteStartElement("D", "cannot-modify-protected-property", DavXml.Namespace);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }
}
