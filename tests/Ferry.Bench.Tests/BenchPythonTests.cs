using System.Diagnostics;

namespace Ferry.Bench.Tests;

/// <summary>
/// The benchmark's Python side (busyness from /proc, the spread rule that repeats a row, the bounded
/// busy loop of --contended) has its own unit tests in bench/test_bench.py; this runs them with
/// Debian's Python so that ./test.sh covers them.
/// </summary>
public sealed class BenchPythonTests
{
    [Fact]
    public async Task The_python_unit_tests_of_the_benchmark_pass()
    {
        var bench = Path.Combine(RepositoryRoot(), "bench");
        var start = new ProcessStartInfo("/usr/bin/python3", ["-m", "unittest", "-v", "test_bench.py"])
        {
            WorkingDirectory = bench,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        // unittest prints "OK" only when every test ran and passed; an empty discovery would say "Ran 0 tests".
        Assert.DoesNotContain("Ran 0 tests", output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "bench", "compare.py")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("bench/compare.py not found above " + AppContext.BaseDirectory);
    }
}
