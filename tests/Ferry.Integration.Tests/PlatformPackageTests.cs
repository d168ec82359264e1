using System.Runtime.InteropServices;
using Ferry.Testing;

namespace Ferry.Integration.Tests;

/// <summary>
/// The package of this machine's platform (src/Ferry/Properties/PublishProfiles): published as the docs
/// say, it is one file, and copied alone into an empty folder it starts with no .NET installed beside it,
/// adds an account to its embedded SQLite store and serves that account's files over FTP and WebDAV.
/// Linux x64's is a native AOT executable (NativeAot.props) with SQLite linked in; every other platform's
/// is a ReadyToRun single-file bundle (SingleFile.props) that unpacks SQLite's library at start.
/// </summary>
[Collection(PublishCollection.Name)]
public sealed class PlatformPackageTests
{
    /// <summary>A publish on a busy 2-core machine restores runtime packs and compiles in Release: minutes, not seconds.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    /// <summary>The platforms whose profile imports NativeAot.props.</summary>
    private static readonly string[] NativeAotPlatforms = ["linux-x64"];

    /// <summary>
    /// The marker the .NET host carries when it can be a single-file bundle (Microsoft.NET.HostModel's
    /// HostWriter.BundleSignature): every single-file package holds it, a native AOT executable has no .NET host.
    /// </summary>
    private static readonly byte[] BundleSignature =
    [
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    ];

    private const string PasswordVariable = "FERRY_TEST_BOB_PASSWORD";
    private const string Password = "bob-package-password";

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public PlatformPackageTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [SkippableFact]
    public async Task The_platform_package_copied_alone_starts_and_serves_files()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        var repository = Repository.Root;
        var profile = Path.Combine(repository, "src", "Ferry", "Properties", "PublishProfiles", rid + ".pubxml");
        Skip.IfNot(File.Exists(profile), $"no publish profile for {rid}");
        var native = NativeAotPlatforms.Contains(rid);

        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ferry-package-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            var published = Path.Combine(work, "publish");
            var publish = await _runner.RunAsync(FerryProgram.Dotnet,
                ["publish", Path.Combine(repository, "src", "Ferry", "Ferry.csproj"), $"-p:PublishProfile={rid}", "-o", published, "-nologo"],
                timeout: PublishTimeout);
            Assert.True(publish.Succeeded, publish.Describe());
            // One file: no symbols, no libe_sqlite3.so, no ferry.dll beside it.
            Assert.Equal(["ferry"], Directory.GetFiles(published).Select(f => Path.GetFileName(f)).ToArray());
            var image = await File.ReadAllBytesAsync(Path.Combine(published, "ferry"));
            if (native)
            {
                AssertNativeAot(image);
            }
            else
            {
                AssertReadyToRunBundle(image);
            }

            // Alone in a folder of its own: nothing beside it to load.
            var alone = Directory.CreateDirectory(Path.Combine(work, "alone")).FullName;
            var binary = Path.Combine(alone, "ferry");
            File.Copy(Path.Combine(published, "ferry"), binary);
            var extracted = Path.Combine(work, "extract");
            // The bundle unpacks SQLite's library under this folder; the native binary has nothing to unpack.
            var environment = native
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = extracted };
            await using var server = FerryServer.Create(_output, new FerryServerOptions
            {
                Executable = binary,
                UserFlag = false,
                Environment = environment,
            });

            // The embedded store, written by the binary itself, then read by its server at logon.
            var add = await _runner.RunAsync(binary, ["account", "add", "bob", "--data", server.DataDir, "--password-env", PasswordVariable],
                workingDirectory: server.ClientDir, environment: new Dictionary<string, string>(environment) { [PasswordVariable] = Password });
            Assert.True(add.Succeeded, add.Describe());
            await server.LaunchAsync();

            TestFiles.Write(server.RootDir, Path.Combine("bob", "hello.txt"), "from the package"u8.ToArray());
            var ftp = await _runner.RunAsync(ClientTools.Require("curl"),
                ["-sS", "--max-time", "30", "--user", "bob:" + Password, server.Url("hello.txt")]);
            Assert.True(ftp.Succeeded, ftp.Describe());
            Assert.Equal("from the package", ftp.Stdout);

            var dav = await _runner.RunAsync(ClientTools.Require("curl"),
                ["-sS", "--fail", "--max-time", "30", "--user", "bob:" + Password, server.DavUrl("hello.txt")]);
            Assert.True(dav.Succeeded, dav.Describe());
            Assert.Equal("from the package", dav.Stdout);

            // Where the server's SQLite came from, now that it has checked bob's password against the store.
            var libraries = await MappedSqliteLibrariesAsync(server.ProcessId);
            if (native)
            {
                Assert.True(libraries.Length == 0, $"the native binary loaded SQLite from a file instead of carrying it linked in: {string.Join(", ", libraries)}");
            }
            else
            {
                var fromBundle = libraries.Where(l => l.StartsWith(extracted + "/", StringComparison.Ordinal) && l.EndsWith("/libe_sqlite3.so", StringComparison.Ordinal));
                Assert.True(fromBundle.Any(), $"SQLite's library was not the one unpacked from the bundle: {string.Join(", ", libraries)}");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Compiled ahead of time: ILC's managed-code section is in the executable, and no .NET host (and so
    /// no bundle of assemblies for a JIT) is.
    /// </summary>
    private static void AssertNativeAot(byte[] image)
    {
        Assert.True(image.AsSpan().IndexOf("__managedcode\0"u8) >= 0, "no __managedcode section: not a native AOT executable");
        Assert.True(image.AsSpan().IndexOf(BundleSignature) < 0, "the .NET host's bundle marker is there: a single-file bundle, not native AOT");
    }

    /// <summary>A single-file bundle whose runtime settings (plain JSON inside) turn TieredPGO off, as ReadyToRun.props sets it.</summary>
    private static void AssertReadyToRunBundle(byte[] image)
    {
        Assert.True(image.AsSpan().IndexOf(BundleSignature) >= 0, "no .NET host bundle marker: not a single-file bundle");
        // PublishedBuildTests checks the precompiled code itself in the framework build.
        Assert.True(image.AsSpan().IndexOf("\"System.Runtime.TieredPGO\": false"u8) >= 0, "the bundle's runtimeconfig.json does not turn TieredPGO off");
    }

    /// <summary>The files with "sqlite" in their name that the process has mapped (its loaded libraries).</summary>
    private static async Task<string[]> MappedSqliteLibrariesAsync(int processId)
    {
        var maps = await File.ReadAllLinesAsync($"/proc/{processId}/maps");
        return maps.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].Contains("sqlite", StringComparison.OrdinalIgnoreCase))
            .Select(fields => fields[5])
            .Distinct()
            .ToArray();
    }
}
