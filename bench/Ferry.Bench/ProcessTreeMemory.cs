using System.Globalization;

namespace Ferry.Bench;

/// <summary>
/// Memory of a server's whole process tree: vsftpd, pure-ftpd and proftpd fork one process per
/// session, so the listener's own figure would miss almost everything. PSS shares the pages that
/// forked children still have in common fairly; RSS counts them in every process.
/// </summary>
public static class ProcessTreeMemory
{
    public readonly record struct Sample(long PssKiB, long RssKiB, int Processes);

    /// <summary>Steady state: two samples this far apart that differ by less than 1%, or give up after MaxSettle.</summary>
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan MaxSettle = TimeSpan.FromSeconds(10);
    private const double SteadyFraction = 0.01;

    /// <summary>A sample once the tree's memory has stopped moving (a runtime may still be growing or
    /// trimming its heap right after a burst), or the last one after 10 s.</summary>
    public static async Task<Sample> SteadyAsync(int rootPid, CancellationToken cancel)
    {
        var previous = Measure(rootPid);
        var settle = System.Diagnostics.Stopwatch.GetTimestamp();
        while (System.Diagnostics.Stopwatch.GetElapsedTime(settle) < MaxSettle)
        {
            await Task.Delay(SampleInterval, cancel).ConfigureAwait(false);
            var current = Measure(rootPid);
            if (Math.Abs(current.PssKiB - previous.PssKiB) < SteadyFraction * Math.Max(previous.PssKiB, 1))
            {
                return current;
            }

            previous = current;
        }

        Console.Error.WriteLine($"memory of {rootPid}'s tree still moving after {MaxSettle.TotalSeconds} s; using the last sample");
        return previous;
    }

    public static Sample Measure(int rootPid)
    {
        long pss = 0;
        long rss = 0;
        var processes = 0;
        foreach (var pid in Tree(rootPid))
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                {
                    if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    {
                        pss += KiB(line);
                    }
                    else if (line.StartsWith("Rss:", StringComparison.Ordinal))
                    {
                        rss += KiB(line);
                    }
                }

                processes++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended between listing and reading: it no longer holds memory.
            }
        }

        return new Sample(pss, rss, processes);
    }

    /// <summary>The process and every descendant, from the ppid field of /proc/*/stat.</summary>
    public static List<int> Tree(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (TryParseParent(stat, out var parent))
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var tree = new List<int>();
        var pending = new Stack<int>();
        pending.Push(rootPid);
        // Bounded by the number of processes: each pid has one parent, so none is pushed twice.
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            tree.Add(pid);
            if (children.TryGetValue(pid, out var list))
            {
                list.ForEach(pending.Push);
            }
        }

        return tree;
    }

    /// <summary>"pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.</summary>
    public static bool TryParseParent(string stat, out int parent)
    {
        parent = 0;
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 4 >= stat.Length)
        {
            return false;
        }

        var fields = stat[(close + 2)..].Split(' ', 3);
        return fields.Length >= 2 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out parent);
    }

    private static long KiB(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
