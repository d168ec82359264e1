namespace Ferry.Ftp.Transfers;

/// <summary>
/// The `*` and `?` wildcards classic clients send in the last path segment (`mget *.txt` becomes
/// `NLST *.txt`): the server expands them, as ls on a Unix FTP server did.
/// </summary>
public static class NameGlob
{
    public static bool HasWildcards(string segment) => segment.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool IsMatch(string pattern, string name)
    {
        // Iterative matcher with one backtrack point: linear in practice, no recursion to blow up.
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
