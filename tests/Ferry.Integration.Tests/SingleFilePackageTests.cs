using System.Runtime.InteropServices;
using Ferry.Testing;

namespace Ferry.Integration.Tests;

/// <summary>
/// The self-contained single-file package (src/Ferry/Properties/PublishProfiles): published as the
/// docs say, copied alone into an empty folder, it starts with no .NET installed beside it and
/// serves files over FTP and WebDAV from its embedded SQLite store.
/// </summary>
[Collection(PublishCollection.Name)]
public sealed class SingleFilePackageTests
{
    /// <summary>A publish on a busy 2-core machine restores runtime packs and compiles in Release: minutes, not seconds.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(6);

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public SingleFilePackageTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [SkippableFact]
    public async Task The_single_file_binary_copied_alone_starts_and_serves_files()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        var repository = Repository.Root;
        var profile = Path.Combine(repository, "src", "Ferry", "Properties", "PublishProfiles", rid + ".pubxml");
        Skip.IfNot(File.Exists(profile), $"no publish profile for {rid}");

        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ferry-single-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            var published = Path.Combine(work, "publish");
            var publish = await _runner.RunAsync(FerryProgram.Dotnet,
                ["publish", Path.Combine(repository, "src", "Ferry", "Ferry.csproj"), $"-p:PublishProfile={rid}", "-o", published, "-nologo"],
                timeout: PublishTimeout);
            Assert.True(publish.Succeeded, publish.Describe());
            Assert.Equal(["ferry"], Directory.GetFiles(published).Select(f => Path.GetFileName(f)).ToArray());
            // The runtime settings ride in the bundle as plain JSON: TieredPGO off, as ReadyToRun.props sets it
            // beside the precompiled code (PublishedBuildTests checks the precompiled code in the framework build).
            var bundle = await File.ReadAllBytesAsync(Path.Combine(published, "ferry"));
            Assert.True(bundle.AsSpan().IndexOf("\"System.Runtime.TieredPGO\": false"u8) >= 0, "the bundle's runtimeconfig.json does not turn TieredPGO off");

            // Alone in a folder of its own: nothing beside it to load.
            var alone = Directory.CreateDirectory(Path.Combine(work, "alone")).FullName;
            var binary = Path.Combine(alone, "ferry");
            File.Copy(Path.Combine(published, "ferry"), binary);
            var extracted = Path.Combine(work, "extract");
            await using var server = await FerryServer.StartAsync(_output, new FerryServerOptions
            {
                Executable = binary,
                Environment = new Dictionary<string, string> { ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = extracted },
            });

            TestFiles.Write(server.RootDir, "hello.txt", "from the single file"u8.ToArray());
            var ftp = await _runner.RunAsync(ClientTools.Require("curl"),
                ["-sS", "--max-time", "30", "--user", server.Credentials, server.Url("hello.txt")]);
            Assert.True(ftp.Succeeded, ftp.Describe());
            Assert.Equal("from the single file", ftp.Stdout);

            var dav = await _runner.RunAsync(ClientTools.Require("curl"),
                ["-sS", "--fail", "--max-time", "30", "--user", server.Credentials, server.DavUrl("hello.txt")]);
            Assert.True(dav.Succeeded, dav.Describe());
            Assert.Equal("from the single file", dav.Stdout);

            // SQLite's native library came out of the bundle, not from anywhere on the machine.
            Assert.NotEmpty(Directory.GetFiles(extracted, "libe_sqlite3.so", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
