using System.Text;
using Ferry.WebDav.Locking;

namespace Ferry.Fuzz;

/// <summary>
/// The lock headers a client writes (RFC 4918 10.4, 10.5, 10.7): If, Lock-Token and Timeout. None
/// throws for any text. A parsed If header is the grammar's shape (lists with conditions, tagged
/// all or none, URIs without spaces or brackets, entity tags quoted) and reads back the same when
/// written out again; a lock token is such a URI; a timeout is a second or more, or infinite.
/// </summary>
public static class DavIfTarget
{
    public static void Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        if (IfHeader.TryParse(text, out var header))
        {
            CheckShape(header, text);
            var written = Write(header);
            if (!IfHeader.TryParse(written, out var again) || Write(again) != written)
            {
                throw new FuzzFinding($"'{text}' parsed, but written out as '{written}' it does not read back the same");
            }

            _ = header.SubmittedTokens();
        }

        if (LockHeaders.TryParseLockToken(text, out var token) && !IsCodedUrlContent(token))
        {
            throw new FuzzFinding($"'{text}' gave the lock token '{token}', which is no absolute URI without spaces or brackets");
        }

        var timeout = LockHeaders.ParseTimeout(text);
        if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromSeconds(uint.MaxValue)))
        {
            throw new FuzzFinding($"'{text}' gave the timeout {timeout}, outside one second to 2^32-1 seconds");
        }
    }

    private static void CheckShape(IfHeader header, string text)
    {
        if (header.Lists.Count == 0)
        {
            throw new FuzzFinding($"'{text}' parsed to no list");
        }

        var tagged = header.Lists[0].ResourceTag is not null;
        foreach (var list in header.Lists)
        {
            if (list.Conditions.Count == 0 || (list.ResourceTag is not null) != tagged)
            {
                throw new FuzzFinding($"'{text}' parsed to a list without conditions, or tagged and untagged lists mixed");
            }

            if (list.ResourceTag is { } tag && (tag.Length == 0 || !IsAngledContent(tag)))
            {
                throw new FuzzFinding($"'{text}' parsed to the resource tag '{tag}'");
            }

            foreach (var condition in list.Conditions)
            {
                var valid = condition switch
                {
                    { StateToken: { } stateToken, ETag: null } => IsCodedUrlContent(stateToken),
                    { StateToken: null, ETag: { } etag } => IsEntityTag(etag),
                    _ => false,
                };
                if (!valid)
                {
                    throw new FuzzFinding($"'{text}' parsed to the condition {condition}");
                }
            }
        }
    }

    /// <summary>The header as a client would write it, in one canonical spacing.</summary>
    private static string Write(IfHeader header)
    {
        var builder = new StringBuilder();
        string? lastTag = null;
        foreach (var list in header.Lists)
        {
            if (list.ResourceTag is { } tag && tag != lastTag)
            {
                builder.Append(" <").Append(tag).Append('>');
                lastTag = tag;
            }

            builder.Append(" (");
            foreach (var condition in list.Conditions)
            {
                builder.Append(condition.Not ? "Not " : "");
                builder.Append(condition.StateToken is { } stateToken ? $"<{stateToken}>" : $"[{condition.ETag}]");
                builder.Append(' ');
            }

            builder.Append(')');
        }

        return builder.ToString().Trim();
    }

    private static bool IsAngledContent(string text) => !text.Any(c => c is '<' or '>' or ' ' or '\t' || char.IsControl(c));

    private static bool IsCodedUrlContent(string text) => IsAngledContent(text) && IfHeader.IsAbsoluteUri(text);

    private static bool IsEntityTag(string text)
    {
        var quoted = text.StartsWith("W/", StringComparison.Ordinal) ? text[2..] : text;
        return quoted.Length >= 2 && quoted[0] == '"' && quoted[^1] == '"';
    }
}
