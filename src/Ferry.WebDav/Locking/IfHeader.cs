using System.Diagnostics.CodeAnalysis;

namespace Ferry.WebDav.Locking;

/// <summary>
/// A parsed If header (RFC 4918 10.4): lists of conditions, either all untagged (they apply to the
/// request URI) or each tagged with the resource it applies to. The header holds when any list
/// holds; a list holds when all its conditions do. Only syntax lives here: resolving resource tags
/// and judging conditions is <see cref="IfHeaderEvaluator"/>'s work.
/// </summary>
public sealed record IfHeader(IReadOnlyList<IfList> Lists)
{
    /// <summary>
    /// The lock tokens the header submits: every state token in any list, except under Not (a client
    /// asking that a lock be absent does not present it). DAV:no-lock and other URIs are included;
    /// they name no lock, so they unlock nothing.
    /// </summary>
    public IReadOnlySet<string> SubmittedTokens()
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in Lists)
        {
            foreach (var condition in list.Conditions)
            {
                if (!condition.Not && condition.StateToken is { } token)
                {
                    tokens.Add(token);
                }
            }
        }

        return tokens;
    }

    /// <summary>
    /// Parses the value of an If header. False for anything that is not the RFC 4918 grammar
    /// (including an empty value, a list without conditions, and tagged and untagged lists mixed);
    /// never throws for any text.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IfHeader? header)
    {
        header = null;
        if (text is null)
        {
            return false;
        }

        var parser = new Parser(text);
        if (parser.ParseHeader() is not { } lists)
        {
            return false;
        }

        header = new IfHeader(lists);
        return true;
    }

    /// <summary>A recursive-descent reader over the header text; every method returns null or false on the first mistake.</summary>
    private sealed class Parser(string text)
    {
        private int _at;

        private bool AtEnd => _at >= text.Length;

        private char Current => text[_at];

        public List<IfList>? ParseHeader()
        {
            SkipSpace();
            if (AtEnd)
            {
                return null;
            }

            var tagged = Current == '<';
            var lists = new List<IfList>();
            while (!AtEnd)
            {
                string? tag = null;
                if (tagged)
                {
                    if (ReadAngled() is not { } rawTag || !IsResourceTag(rawTag))
                    {
                        return null;
                    }

                    tag = rawTag;
                    SkipSpace();
                    if (AtEnd || Current != '(')
                    {
                        // A resource tag needs at least one list.
                        return null;
                    }
                }

                do
                {
                    if (ParseList(tag) is not { } list)
                    {
                        return null;
                    }

                    lists.Add(list);
                    SkipSpace();
                }
                while (!AtEnd && Current == '(' && tagged);

                if (!AtEnd && Current != (tagged ? '<' : '('))
                {
                    return null;
                }
            }

            return lists;
        }

        private IfList? ParseList(string? tag)
        {
            if (AtEnd || Current != '(')
            {
                return null;
            }

            _at++;
            var conditions = new List<IfCondition>();
            while (true)
            {
                SkipSpace();
                if (AtEnd)
                {
                    return null;
                }

                if (Current == ')')
                {
                    _at++;
                    return conditions.Count == 0 ? null : new IfList(tag, conditions);
                }

                if (ParseCondition() is not { } condition)
                {
                    return null;
                }

                conditions.Add(condition);
            }
        }

        private IfCondition? ParseCondition()
        {
            var not = false;
            if (string.Compare(text, _at, "Not", 0, 3, StringComparison.OrdinalIgnoreCase) == 0)
            {
                not = true;
                _at += 3;
                SkipSpace();
                if (AtEnd)
                {
                    return null;
                }
            }

            if (Current == '<')
            {
                return ReadAngled() is { } token && IsAbsoluteUri(token) ? new IfCondition(not, token, null) : null;
            }

            if (Current == '[')
            {
                _at++;
                SkipSpace();
                if (ReadEntityTag() is not { } etag)
                {
                    return null;
                }

                SkipSpace();
                if (AtEnd || Current != ']')
                {
                    return null;
                }

                _at++;
                return new IfCondition(not, null, etag);
            }

            return null;
        }

        /// <summary>The text between "&lt;" and "&gt;", which may hold no space, control character or angle bracket.</summary>
        private string? ReadAngled()
        {
            if (AtEnd || Current != '<')
            {
                return null;
            }

            var start = ++_at;
            while (!AtEnd && Current != '>')
            {
                if (Current is '<' or ' ' or '\t' || char.IsControl(Current))
                {
                    return null;
                }

                _at++;
            }

            if (AtEnd || _at == start)
            {
                return null;
            }

            return text[start.._at++];
        }

        /// <summary>An entity tag as HTTP writes it: optional W/, then a quoted string (quoted pairs allowed); returned verbatim.</summary>
        private string? ReadEntityTag()
        {
            var start = _at;
            if (string.Compare(text, _at, "W/", 0, 2, StringComparison.Ordinal) == 0)
            {
                _at += 2;
            }

            if (AtEnd || Current != '"')
            {
                return null;
            }

            _at++;
            while (!AtEnd && Current != '"')
            {
                if (char.IsControl(Current) && Current != '\t')
                {
                    return null;
                }

                if (Current == '\\')
                {
                    _at++;
                    if (AtEnd)
                    {
                        return null;
                    }
                }

                _at++;
            }

            if (AtEnd)
            {
                return null;
            }

            _at++;
            return text[start.._at];
        }

        private void SkipSpace()
        {
            while (!AtEnd && Current is ' ' or '\t')
            {
                _at++;
            }
        }
    }

    /// <summary>A URI with a scheme (RFC 3986 absolute-URI): a letter, then letters, digits, "+", "-" or ".", then ":".</summary>
    internal static bool IsAbsoluteUri(string text)
    {
        var colon = text.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A resource tag (RFC 4918 Simple-ref): an absolute URI or an absolute path.</summary>
    private static bool IsResourceTag(string text) => text.StartsWith('/') || IsAbsoluteUri(text);
}

/// <summary>One list of an If header: all its conditions must hold, at <see cref="ResourceTag"/> or (untagged, null) at the request URI.</summary>
public sealed record IfList(string? ResourceTag, IReadOnlyList<IfCondition> Conditions);

/// <summary>One condition: a state token (a lock token or any URI, such as DAV:no-lock) or an entity tag, possibly negated.</summary>
/// <param name="StateToken">The URI between the angle brackets, or null for an entity tag condition.</param>
/// <param name="ETag">The entity tag as written (quotes included, W/ when weak), or null for a state token condition.</param>
public sealed record IfCondition(bool Not, string? StateToken, string? ETag);
