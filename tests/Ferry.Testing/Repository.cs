namespace Ferry.Testing;

/// <summary>The source tree the tests were built from: deploy/ files, the project to publish, the fuzz corpus.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ferry.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Ferry.slnx is not above {AppContext.BaseDirectory}");
    }
}
