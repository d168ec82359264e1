using Ferry.Fuzz;
using Ferry.Testing;

namespace Ferry.Tests;

/// <summary>
/// Every input in fuzz/corpus (the seeds, and each crash AFL++ found once it is fixed) replayed
/// through its fuzz target on every test run: what the fuzzer found stays found.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        var corpus = Path.Combine(Repository.Root, "fuzz", "corpus");
        foreach (var folder in Directory.GetDirectories(corpus).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(folder), Path.GetRelativePath(corpus, file));
            }
        }

        return data;
    }

    [Fact]
    public void Every_target_has_seeds_and_every_seed_folder_names_a_target()
    {
        var corpus = Path.Combine(Repository.Root, "fuzz", "corpus");
        var folders = Directory.GetDirectories(corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(FuzzTargets.All.Keys.Order(StringComparer.Ordinal).ToArray(), folders);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_input_passes_its_target(string target, string file)
    {
        var input = File.ReadAllBytes(Path.Combine(Repository.Root, "fuzz", "corpus", file));

        // A broken promise throws FuzzFinding; any other exception is a crash the fuzzer would report.
        FuzzTargets.All[target](input);
    }
}
