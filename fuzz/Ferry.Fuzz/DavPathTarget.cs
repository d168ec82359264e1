using System.Text;
using Ferry.Core.Paths;
using Ferry.WebDav.Paths;

namespace Ferry.Fuzz;

/// <summary>
/// WebDAV's URL paths (a request target or a Destination): whatever a client sends, a path that
/// decodes is one the jail accepts (<see cref="PathTarget.Check"/>), and the href the server writes
/// for it in a listing or a multistatus is plain ASCII that decodes back to the same path, so a
/// client that follows it reaches the same file (decoded exactly once, both ways).
/// </summary>
public static class DavPathTarget
{
    private static readonly string[] Prefixes = ["/", "/dav/"];

    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        // The first byte picks the served prefix; the rest is the target as the client wrote it.
        var prefix = Prefixes[input[0] % Prefixes.Length];
        var target = Encoding.UTF8.GetString(input, 1, input.Length - 1);
        if (!DavPaths.TrySplitTarget(target, out _, out _, out var rawPath))
        {
            return;
        }

        if (rawPath.AsSpan().ContainsAny('?', '#'))
        {
            throw new FuzzFinding($"'{target}' split into the path '{rawPath}', which keeps its query or fragment");
        }

        if (DavPaths.TryDecode(rawPath, prefix, out var path) != PathOutcome.Decoded)
        {
            return;
        }

        PathTarget.Check(path, target);
        foreach (var collection in new[] { false, true })
        {
            var href = DavPaths.Href(prefix, path, collection);
            if (href.Any(c => c is < '!' or > '~'))
            {
                throw new FuzzFinding($"the href of '{path}' is '{href}', which holds more than printable ASCII");
            }

            if (DavPaths.TryDecode(href, prefix, out var again) != PathOutcome.Decoded || again != path)
            {
                throw new FuzzFinding($"'{target}' decoded to '{path}', whose href '{href}' does not decode back to it");
            }
        }
    }
}
