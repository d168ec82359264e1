namespace Ferry.Bench;

/// <summary>The process's open-file limit, read from /proc so that an EMFILE report can name it.</summary>
public static class FileLimit
{
    public static string Describe()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return $"soft {parts[3]}, hard {parts[4]}";
                }
            }
        }
        catch (IOException)
        {
            // Not Linux or no /proc: the number is only a hint.
        }

        return "unknown";
    }
}
