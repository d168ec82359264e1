namespace Ferry.Integration.Tests;

/// <summary>The W3C and xferlog files a server wrote into its data folder's logs, parsed for checks field by field.</summary>
public static class AuditLogFiles
{
    public static string Folder(FerryServer server) => Path.Combine(server.DataDir, "logs");

    /// <summary>Every line of every u_ex*.log file, in file order, headers included.</summary>
    public static IReadOnlyList<string> W3CLines(FerryServer server) =>
        [.. Directory.GetFiles(Folder(server), "u_ex*.log").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines)];

    /// <summary>The entries of the W3C files as field name -> value, using the #Fields header above each line.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> W3CEntries(FerryServer server)
    {
        var entries = new List<IReadOnlyDictionary<string, string>>();
        string[]? fields = null;
        foreach (var line in W3CLines(server))
        {
            if (line.StartsWith("#Fields: ", StringComparison.Ordinal))
            {
                fields = line["#Fields: ".Length..].Split(' ');
            }
            else if (!line.StartsWith('#'))
            {
                Assert.NotNull(fields);
                var values = line.Split(' ');
                Assert.Equal(fields.Length, values.Length);
                entries.Add(fields.Zip(values).ToDictionary(p => p.First, p => p.Second));
            }
        }

        return entries;
    }

    public static IReadOnlyList<string> XferlogLines(FerryServer server) => File.ReadAllLines(Path.Combine(Folder(server), "xferlog"));
}
