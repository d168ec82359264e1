namespace Ferry.Integration.Tests;

/// <summary>Makes the files the clients move and compares what arrived, byte for byte.</summary>
public static class TestFiles
{
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Write(string directory, string relativePath, byte[] content)
    {
        var path = Path.Combine(directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>
    /// A tree with nested folders, an empty folder, an empty file, small files and one 3 MiB random file
    /// (larger than any socket buffer, so that a transfer cannot complete in one write).
    /// </summary>
    public static void WriteSampleTree(string directory)
    {
        Write(directory, "readme.txt", "hello from ferry\n"u8.ToArray());
        Write(directory, "empty.dat", []);
        Write(directory, "big/random-3mib.bin", RandomBytes(3 * 1024 * 1024, seed: 3));
        Write(directory, "a/b/c/deep.txt", "deep\r\nline endings kept in binary\n"u8.ToArray());
        Write(directory, "a/sibling.bin", RandomBytes(70_001, seed: 7));
        Directory.CreateDirectory(Path.Combine(directory, "a/empty-folder"));
    }

    /// <summary>Asserts that two trees hold the same folders and files with the same bytes.</summary>
    public static void AssertTreesEqual(string expected, string actual)
    {
        var expectedEntries = Entries(expected);
        var actualEntries = Entries(actual);
        Assert.Equal(expectedEntries, actualEntries);
        foreach (var entry in expectedEntries.Where(e => !e.EndsWith('/')))
        {
            var want = File.ReadAllBytes(Path.Combine(expected, entry));
            var got = File.ReadAllBytes(Path.Combine(actual, entry));
            Assert.True(want.AsSpan().SequenceEqual(got), $"{entry}: {got.Length} bytes differ from the {want.Length} sent");
        }
    }

    public static void AssertFileHolds(string path, byte[] expected)
    {
        Assert.True(File.Exists(path), $"{path} does not exist");
        var actual = File.ReadAllBytes(path);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path}: {actual.Length} bytes, expected {expected.Length} bytes with other content");
    }

    /// <summary>Relative paths, folders with a trailing slash, sorted.</summary>
    private static List<string> Entries(string root)
    {
        var entries = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, entry).Replace('\\', '/');
            entries.Add(Directory.Exists(entry) ? relative + "/" : relative);
        }
        entries.Sort(StringComparer.Ordinal);
        return entries;
    }
}
