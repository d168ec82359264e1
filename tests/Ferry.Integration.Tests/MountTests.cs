using Ferry.Core.Identity;

namespace Ferry.Integration.Tests;

/// <summary>
/// Mount points (Storage:Mounts, IIS virtual directories) in a real process: a folder outside the root
/// shown at /reports, reached by curl over FTP and WebDAV, with renames across it refused, its own
/// jail, and an account's folder rules applied to it by its virtual path.
/// </summary>
public sealed class MountTests
{
    private const string Reader = "rita";
    private const string ReaderPassword = "password-of-rita";

    /// <summary>A cheap hash: these tests are about mounts, not hashing cost.</summary>
    private static readonly Pbkdf2PasswordHasher Hasher = new(new PasswordHashOptions { Iterations = 1_000 });

    private readonly ITestOutputHelper _output;
    private readonly ClientRunner _runner;

    public MountTests(ITestOutputHelper output)
    {
        _output = output;
        _runner = new ClientRunner(output);
    }

    [Fact]
    public async Task Curl_uploads_into_the_mount_over_FTP_and_the_mount_is_listed_at_the_root_over_FTP_and_WebDAV()
    {
        await using var mounted = await MountServer.StartAsync(_output);
        var server = mounted.Server;
        var local = Path.Combine(server.ClientDir, "q2.csv");
        File.WriteAllText(local, "quarter two\n");

        var upload = await CurlAsync(server.Credentials, "-T", local, server.Url("/reports/q2.csv"));
        Assert.True(upload.Succeeded, upload.Describe());
        Assert.Equal("quarter two\n", File.ReadAllText(Path.Combine(mounted.Folder, "q2.csv")));
        Assert.False(File.Exists(Path.Combine(server.RootDir, "reports", "q2.csv")), "the upload landed in the root folder the mount hides");

        var names = await CurlAsync(server.Credentials, "--list-only", server.Url("/"));
        Assert.True(names.Succeeded, names.Describe());
        Assert.Equal(["in-root.txt", "reports"], names.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
        var list = await CurlAsync(server.Credentials, server.Url("/"));
        Assert.Matches(@"(?m)^d\S+ .* reports\r?$", list.Stdout);
        var inside = await CurlAsync(server.Credentials, "--list-only", server.Url("/reports/"));
        Assert.Equal(["q1.csv", "q2.csv"], inside.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));

        var propfind = await CurlAsync(server.Credentials, "-X", "PROPFIND", "-H", "Depth: 1", server.DavUrl("/"));
        Assert.True(propfind.Succeeded, propfind.Describe());
        Assert.Contains("<D:href>/reports/</D:href>", propfind.Stdout);
        Assert.Contains("<D:href>/in-root.txt</D:href>", propfind.Stdout);
        var get = await CurlAsync(server.Credentials, server.DavUrl("/reports/q1.csv"));
        Assert.True(get.Succeeded, get.Describe());
        Assert.Equal("quarter one\n", get.Stdout);
    }

    [Fact]
    public async Task A_rename_across_the_mount_point_and_removing_the_mount_point_are_refused_over_FTP_and_WebDAV()
    {
        await using var mounted = await MountServer.StartAsync(_output);
        var server = mounted.Server;
        await using (var ftp = await RawFtpClient.LogOnAsync(server))
        {
            await ftp.ExpectCommandAsync("RNFR /in-root.txt", 350);
            var across = await ftp.ExpectCommandAsync("RNTO /reports/in-root.txt", 553);
            Assert.Contains("crosses a mount point", across.Text);
            await ftp.ExpectCommandAsync("RNFR /reports/q1.csv", 350);
            await ftp.ExpectCommandAsync("RNTO /q1.csv", 553);
            await ftp.ExpectCommandAsync("RMD /reports", 550);
            await ftp.ExpectCommandAsync("RNFR /reports", 350);
            await ftp.ExpectCommandAsync("RNTO /old-reports", 550);

            // Free space is the mounted folder's file system's (a local disk reports it).
            await ftp.ExpectCommandAsync("AVBL /reports", 213);

            // Within the mount a rename is the mounted folder's own.
            await ftp.ExpectCommandAsync("RNFR /reports/q1.csv", 350);
            await ftp.ExpectCommandAsync("RNTO /reports/q1-final.csv", 250);
        }

        Assert.True(File.Exists(Path.Combine(server.RootDir, "in-root.txt")));
        Assert.True(File.Exists(Path.Combine(mounted.Folder, "q1-final.csv")));
        Assert.True(Directory.Exists(mounted.Folder));

        var move = await CurlAsync(server.Credentials, "-X", "MOVE", "-H", $"Destination: {server.DavUrl("/reports/in-root.txt")}", server.DavUrl("/in-root.txt"));
        Assert.Contains("< HTTP/1.1 502", move.Stderr);
        var delete = await CurlAsync(server.Credentials, "-X", "DELETE", server.DavUrl("/reports/"));
        Assert.Contains("< HTTP/1.1 403", delete.Stderr);

        // A copy across is the server's to do: the bytes go through it.
        var copy = await CurlAsync(server.Credentials, "-X", "COPY", "-H", $"Destination: {server.DavUrl("/reports/copied.txt")}", server.DavUrl("/in-root.txt"));
        Assert.True(copy.Succeeded, copy.Describe());
        Assert.Equal("root\n", File.ReadAllText(Path.Combine(mounted.Folder, "copied.txt")));
        Assert.True(Directory.Exists(mounted.Folder));
    }

    [Fact]
    public async Task A_symlink_out_of_the_mounted_folder_is_refused_and_folder_rules_apply_to_the_mount_by_its_path()
    {
        await using var mounted = await MountServer.StartAsync(_output);
        var server = mounted.Server;
        var secret = Path.Combine(server.ClientDir, "secret.txt");
        File.WriteAllText(secret, "outside the mounted folder\n");
        File.CreateSymbolicLink(Path.Combine(mounted.Folder, "escape.txt"), secret);

        var escape = await CurlAsync(server.Credentials, server.Url("/reports/escape.txt"));
        Assert.False(escape.Succeeded, escape.Describe());
        Assert.DoesNotContain("outside the mounted folder", escape.Stdout);
        var davEscape = await CurlAsync(server.Credentials, server.DavUrl("/reports/escape.txt"));
        Assert.Contains("< HTTP/1.1 404", davEscape.Stderr);
        Assert.DoesNotContain("outside the mounted folder", davEscape.Stdout);

        // rita: "Folders": { "/reports": "readonly" }: she reads the mount but cannot write in it, and writes beside it.
        var local = Path.Combine(server.ClientDir, "rita.txt");
        File.WriteAllText(local, "from rita\n");
        var read = await CurlAsync($"{Reader}:{ReaderPassword}", server.Url("/reports/q1.csv"));
        Assert.True(read.Succeeded, read.Describe());
        Assert.Equal("quarter one\n", read.Stdout);
        var refused = await CurlAsync($"{Reader}:{ReaderPassword}", "-T", local, server.Url("/reports/rita.txt"));
        Assert.False(refused.Succeeded, refused.Describe());
        Assert.Contains("< 550", refused.Stderr);
        Assert.False(File.Exists(Path.Combine(mounted.Folder, "rita.txt")));
        var beside = await CurlAsync($"{Reader}:{ReaderPassword}", "-T", local, server.Url("/rita.txt"));
        Assert.True(beside.Succeeded, beside.Describe());
        Assert.True(File.Exists(Path.Combine(server.RootDir, "rita.txt")));
    }

    [Fact]
    public async Task A_sites_mount_is_seen_by_the_sites_account_under_the_sites_root()
    {
        const string site = "m.example.test";
        var server = FerryServer.Create(_output);
        await using (server)
        {
            var siteRoot = Directory.CreateDirectory(Path.Combine(server.ClientDir, "..", "site")).FullName;
            var shared = Directory.CreateDirectory(Path.Combine(server.ClientDir, "..", "shared")).FullName;
            File.WriteAllText(Path.Combine(shared, "handbook.txt"), "shared by the site\n");
            File.WriteAllText(Path.Combine(server.WorkingDir, "ferry.json"), System.Text.Json.JsonSerializer.Serialize(new
            {
                Sites = new[]
                {
                    new
                    {
                        Name = site,
                        Root = siteRoot,
                        Accounts = new[] { new { Name = Reader, PasswordHash = Hasher.Hash(ReaderPassword), Home = "." } },
                        Mounts = new[] { new { Path = "/shared", Folder = shared } },
                    },
                },
            }));
            await server.LaunchAsync();

            var names = await CurlAsync($"{site}|{Reader}:{ReaderPassword}", "--list-only", server.Url("/"));
            Assert.True(names.Succeeded, names.Describe());
            Assert.Equal("shared", names.Stdout.Trim());
            var read = await CurlAsync($"{site}|{Reader}:{ReaderPassword}", server.Url("/shared/handbook.txt"));
            Assert.Equal("shared by the site\n", read.Stdout);

            // The server's own root does not have the site's mount.
            var own = await CurlAsync(server.Credentials, "--list-only", server.Url("/"));
            Assert.DoesNotContain("shared", own.Stdout);
        }
    }

    [Fact]
    public async Task A_WebDAV_lock_on_a_file_binds_another_account_that_mounts_its_folder_elsewhere_over_FTP_and_WebDAV()
    {
        const string LockBody =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>";
        await using var shared = await SharedFolderServer.StartAsync(_output);
        var server = shared.Server;
        var local = Path.Combine(server.ClientDir, "plan.txt");
        File.WriteAllText(local, "overwritten\n");

        var locked = await CurlAsync(SharedFolderServer.Ann, "-X", "LOCK", "-H", "Content-Type: application/xml", "--data-binary", LockBody, server.DavUrl("/team/plan.txt"));
        Assert.Contains("< HTTP/1.1 200", locked.Stderr);

        var ftp = await CurlAsync(SharedFolderServer.Ben, "-T", local, server.Url("/common/docs/plan.txt"));
        Assert.False(ftp.Succeeded, ftp.Describe());
        Assert.Contains("< 450", ftp.Stderr);
        Assert.Contains("ann", ftp.Stderr);
        var put = await CurlAsync(SharedFolderServer.Ben, "-T", local, server.DavUrl("/common/docs/plan.txt"));
        Assert.Contains("< HTTP/1.1 423", put.Stderr);

        // A DELETE of the folder above ben's mount point reaches the locked file inside it.
        var delete = await CurlAsync(SharedFolderServer.Ben, "-X", "DELETE", server.DavUrl("/common/"));
        Assert.Contains("423", delete.Stderr + delete.Stdout);
        Assert.Contains("/common/docs/plan.txt", delete.Stdout);
        Assert.Equal("original\n", File.ReadAllText(Path.Combine(shared.Folder, "plan.txt")));

        // ben sees ann's lock on the file at his own path for it.
        var discovery = await CurlAsync(SharedFolderServer.Ben, "-X", "PROPFIND", "-H", "Depth: 0", "--data-binary",
            "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:lockdiscovery/></D:prop></D:propfind>", server.DavUrl("/common/docs/plan.txt"));
        Assert.Contains("<D:href>/common/docs/plan.txt</D:href>", discovery.Stdout);
        Assert.Contains("opaquelocktoken:", discovery.Stdout);

        // The owner writes through her lock, at her own path.
        var own = await CurlAsync(SharedFolderServer.Ann, "-T", local, server.Url("/team/plan.txt"));
        Assert.True(own.Succeeded, own.Describe());
        Assert.Equal("overwritten\n", File.ReadAllText(Path.Combine(shared.Folder, "plan.txt")));
    }

    [Fact]
    public async Task WebDAV_properties_of_a_mounted_folder_and_its_files_are_the_same_for_every_account_that_mounts_it()
    {
        await using var shared = await SharedFolderServer.StartAsync(_output);
        var server = shared.Server;
        static string Set(string name, string value) =>
            $"<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:example:ferry\"><D:set><D:prop><Z:{name}>{value}</Z:{name}></D:prop></D:set></D:propertyupdate>";
        const string AllProp = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>";

        var onFile = await CurlAsync(SharedFolderServer.Ben, "-X", "PROPPATCH", "--data-binary", Set("author", "ben wrote it"), server.DavUrl("/common/docs/plan.txt"));
        Assert.Contains("HTTP/1.1 200", onFile.Stdout);
        var onMount = await CurlAsync(SharedFolderServer.Ann, "-X", "PROPPATCH", "--data-binary", Set("label", "team folder"), server.DavUrl("/team/"));
        Assert.Contains("HTTP/1.1 200", onMount.Stdout);

        // ann lists the folder ben annotated a file in, and her root, whose member "team" is the mount point.
        var files = await CurlAsync(SharedFolderServer.Ann, "-X", "PROPFIND", "-H", "Depth: 1", "--data-binary", AllProp, server.DavUrl("/team/"));
        Assert.Contains("ben wrote it", files.Stdout);
        var root = await CurlAsync(SharedFolderServer.Ann, "-X", "PROPFIND", "-H", "Depth: 1", "--data-binary", AllProp, server.DavUrl("/"));
        Assert.Contains("team folder", root.Stdout);

        // ben sees the label ann gave the folder at his own mount point, alone and as a member of /common.
        var itself = await CurlAsync(SharedFolderServer.Ben, "-X", "PROPFIND", "-H", "Depth: 0", "--data-binary", AllProp, server.DavUrl("/common/docs/"));
        Assert.Contains("team folder", itself.Stdout);
        var member = await CurlAsync(SharedFolderServer.Ben, "-X", "PROPFIND", "-H", "Depth: 1", "--data-binary", AllProp, server.DavUrl("/common/"));
        Assert.Contains("team folder", member.Stdout);
    }

    [Fact]
    public async Task A_WebDAV_COPY_of_a_folder_that_holds_a_mount_point_carries_the_mounted_files_properties()
    {
        await using var shared = await SharedFolderServer.StartAsync(_output);
        var server = shared.Server;
        const string Set = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:example:ferry\"><D:set><D:prop><Z:author>ben wrote it</Z:author></D:prop></D:set></D:propertyupdate>";
        const string Author = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><Z:author xmlns:Z=\"urn:example:ferry\"/></D:prop></D:propfind>";
        Assert.Contains("HTTP/1.1 200", (await CurlAsync(SharedFolderServer.Ben, "-X", "PROPPATCH", "--data-binary", Set, server.DavUrl("/common/docs/plan.txt"))).Stdout);

        // ben copies /common, whose member docs is the mount point, to /copy: plain folders and files now.
        var copy = await CurlAsync(SharedFolderServer.Ben, "-X", "COPY", "-H", $"Destination: {server.DavUrl("/copy/")}", server.DavUrl("/common/"));
        Assert.Contains("HTTP/1.1 201", copy.Stderr);
        Assert.Equal("original\n", File.ReadAllText(Path.Combine(server.RootDir, "ben", "copy", "docs", "plan.txt")));

        var copied = await CurlAsync(SharedFolderServer.Ben, "-X", "PROPFIND", "-H", "Depth: 0", "--data-binary", Author, server.DavUrl("/copy/docs/plan.txt"));
        Assert.Contains("ben wrote it", copied.Stdout);
    }

    /// <summary>Bounded in time as everywhere else; without --fail, so that a refusal's status can be read.</summary>
    private Task<ClientResult> CurlAsync(string credentials, params string[] arguments) =>
        _runner.RunAsync(ClientTools.Require("curl"), ["-sS", "-v", "--max-time", "30", "--user", credentials, .. arguments]);

    /// <summary>A server whose ferry.json mounts a folder outside its root at /reports, and has rita, who may only read there.</summary>
    private sealed class MountServer : IAsyncDisposable
    {
        private MountServer(FerryServer server, string folder)
        {
            Server = server;
            Folder = folder;
        }

        public FerryServer Server { get; }

        /// <summary>The mounted folder on disk (outside the served root).</summary>
        public string Folder { get; }

        public static async Task<MountServer> StartAsync(ITestOutputHelper output)
        {
            var server = FerryServer.Create(output);
            var folder = Directory.CreateDirectory(Path.Combine(server.ClientDir, "..", "reports")).FullName;
            File.WriteAllText(Path.Combine(folder, "q1.csv"), "quarter one\n");
            File.WriteAllText(Path.Combine(server.RootDir, "in-root.txt"), "root\n");
            var json = System.Text.Json.JsonSerializer.Serialize(new
            {
                Storage = new { Mounts = new[] { new { Path = "/reports", Folder = folder } } },
                Accounts = new[]
                {
                    new
                    {
                        Name = Reader,
                        PasswordHash = Hasher.Hash(ReaderPassword),
                        Home = ".",
                        Permissions = "all",
                        Folders = new Dictionary<string, string> { ["/reports"] = "readonly" },
                    },
                },
            });
            File.WriteAllText(Path.Combine(server.WorkingDir, "ferry.json"), json);
            await server.LaunchAsync();
            return new MountServer(server, folder);
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    /// <summary>A server with one folder outside its root, shown to ann at /team and to ben at /common/docs (IIS virtual directories two sites share, alike).</summary>
    private sealed class SharedFolderServer : IAsyncDisposable
    {
        public const string Ann = "ann:password-of-ann";
        public const string Ben = "ben:password-of-ben";

        private SharedFolderServer(FerryServer server, string folder)
        {
            Server = server;
            Folder = folder;
        }

        public FerryServer Server { get; }

        /// <summary>The shared folder on disk, holding plan.txt ("original").</summary>
        public string Folder { get; }

        public static async Task<SharedFolderServer> StartAsync(ITestOutputHelper output)
        {
            var server = FerryServer.Create(output);
            var folder = Directory.CreateDirectory(Path.Combine(server.ClientDir, "..", "shared")).FullName;
            File.WriteAllText(Path.Combine(folder, "plan.txt"), "original\n");
            Directory.CreateDirectory(Path.Combine(server.RootDir, "ann"));
            Directory.CreateDirectory(Path.Combine(server.RootDir, "ben", "common"));
            File.WriteAllText(Path.Combine(server.WorkingDir, "ferry.json"), System.Text.Json.JsonSerializer.Serialize(new
            {
                Accounts = new[]
                {
                    new { Name = "ann", PasswordHash = Hasher.Hash("password-of-ann"), Home = "ann", Permissions = "all", Mounts = new[] { new { Path = "/team", Folder = folder } } },
                    new { Name = "ben", PasswordHash = Hasher.Hash("password-of-ben"), Home = "ben", Permissions = "all", Mounts = new[] { new { Path = "/common/docs", Folder = folder } } },
                },
            }));
            await server.LaunchAsync();
            return new SharedFolderServer(server, folder);
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
