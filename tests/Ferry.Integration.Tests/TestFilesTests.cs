namespace Ferry.Integration.Tests;

/// <summary>The tree comparison must catch what a broken transfer leaves behind, or the mirror tests prove nothing.</summary>
public sealed class TestFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ferry-testfiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Identical_trees_are_equal()
    {
        TestFiles.WriteSampleTree(Path.Combine(_dir, "a"));
        TestFiles.WriteSampleTree(Path.Combine(_dir, "b"));

        TestFiles.AssertTreesEqual(Path.Combine(_dir, "a"), Path.Combine(_dir, "b"));
    }

    [Fact]
    public void A_changed_byte_is_caught()
    {
        TestFiles.WriteSampleTree(Path.Combine(_dir, "a"));
        TestFiles.WriteSampleTree(Path.Combine(_dir, "b"));
        var path = Path.Combine(_dir, "b", "big", "random-3mib.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[2_000_000] ^= 1;
        File.WriteAllBytes(path, bytes);

        Assert.ThrowsAny<Exception>(() => TestFiles.AssertTreesEqual(Path.Combine(_dir, "a"), Path.Combine(_dir, "b")));
    }

    [Fact]
    public void A_missing_empty_folder_is_caught()
    {
        TestFiles.WriteSampleTree(Path.Combine(_dir, "a"));
        TestFiles.WriteSampleTree(Path.Combine(_dir, "b"));
        Directory.Delete(Path.Combine(_dir, "b", "a", "empty-folder"));

        Assert.ThrowsAny<Exception>(() => TestFiles.AssertTreesEqual(Path.Combine(_dir, "a"), Path.Combine(_dir, "b")));
    }
}
