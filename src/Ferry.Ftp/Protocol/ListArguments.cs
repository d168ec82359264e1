namespace Ferry.Ftp.Protocol;

/// <summary>
/// The argument of LIST/NLST/STAT split into `ls`-style options and a path. Clients send "-al",
/// "-la path" or "-a -l path": leading words starting with '-' are options, not file names.
/// </summary>
/// <remarks>
/// Word rules, as getopt reads them: "-xyz" adds the letters xyz; "--" ends the options and what
/// follows is the path even if it starts with '-'; a lone "-" is a path (ls reads it as a file name);
/// a GNU long option such as "--all" is skipped without adding letters, since its letters are not
/// short options. A file whose name starts with '-' is therefore reached as "-- -name" or "./-name",
/// exactly as with ls. Options are collected in order and may repeat ("-l -la" gives "lla").
/// </remarks>
public readonly record struct ListArguments(string Options, string? Path)
{
    public bool ShowHidden => Options.Contains('a');

    public static ListArguments Parse(string? argument)
    {
        ReadOnlySpan<char> rest = argument.AsSpan().Trim();
        string options = string.Empty;

        // Each pass consumes at least one word, so the loop ends within the argument's length.
        while (!rest.IsEmpty && rest[0] == '-')
        {
            int end = rest.IndexOfAny(' ', '\t');
            ReadOnlySpan<char> word = end < 0 ? rest : rest[..end];
            if (word.Length == 1)
            {
                break;
            }

            rest = end < 0 ? default : rest[end..].TrimStart();
            if (word[1] == '-')
            {
                if (word.Length == 2)
                {
                    break;
                }

                continue;
            }

            options = string.Concat(options, word[1..]);
        }

        return new ListArguments(options, rest.IsEmpty ? null : rest.ToString());
    }
}
