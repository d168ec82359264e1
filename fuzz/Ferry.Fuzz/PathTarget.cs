using System.Text;
using Ferry.Core.Paths;

namespace Ferry.Fuzz;

/// <summary>
/// Path normalisation: whatever a client types, resolved against any folder, is a rooted path with
/// no empty, "." or ".." segment and no separator inside a segment, so no name can climb out of the
/// account's root. Resolving it again changes nothing.
/// </summary>
public static class PathTarget
{
    public static void Run(byte[] input)
    {
        // The input's first line is the current folder, the rest is what the client typed.
        var text = Encoding.UTF8.GetString(input);
        var newline = text.IndexOf('\n');
        var (cwdText, typed) = newline < 0 ? ("/", text) : (text[..newline], text[(newline + 1)..]);
        var cwd = VfsPath.TryResolve(cwdText, VfsPath.Root, out var resolvedCwd) ? resolvedCwd : VfsPath.Root;
        Check(cwd, cwdText);
        if (!VfsPath.TryResolve(typed, cwd, out var path))
        {
            return;
        }

        Check(path, typed);
        if (!VfsPath.TryResolve(path.ToString(), VfsPath.Root, out var again) || again != path)
        {
            throw new FuzzFinding($"'{path}' does not resolve to itself");
        }
    }

    /// <summary>The jail's promise for any resolved path; WebDAV's URL decoding (<see cref="DavPathTarget"/>) keeps the same.</summary>
    internal static void Check(VfsPath path, string typed)
    {
        var text = path.ToString();
        if (!text.StartsWith('/'))
        {
            throw new FuzzFinding($"'{typed}' resolved to '{text}', which is not rooted");
        }

        if (text.Length > 1 && text.EndsWith('/'))
        {
            throw new FuzzFinding($"'{typed}' resolved to '{text}', which ends in a separator");
        }

        foreach (var segment in path.Segments)
        {
            if (segment is "" or "." or ".." || segment.Contains('/') || segment.Contains('\\') || segment.Any(char.IsControl))
            {
                throw new FuzzFinding($"'{typed}' resolved to '{text}', whose segment '{segment}' can escape or confuse the jail");
            }
        }
    }
}
