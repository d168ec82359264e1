using System.Collections.Immutable;
using System.Runtime.Versioning;
using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;
using Ferry.Ftp.Tests.Support;
using Ferry.Storage.Local;
using Ferry.Testing;

namespace Ferry.Ftp.Tests.Session;

/// <summary>
/// LIST, NLST and MLSD of a folder read through the storage's raw listing (<see cref="IRawListing"/>)
/// write the very bytes the entry path writes over the same tree: odd names, links, hidden and
/// reserved names, per-folder rules and fact selections included; and the raw path is taken exactly
/// where it should be.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class FtpSessionRawListingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ferry-ftp-raw-").FullName;

    private readonly RawNamedFiles _rawNames;

    /// <summary>
    /// /sub: read and rename only; /sub/inner (an entry of /sub): its own rights; a rule two levels
    /// below /sub/other, which no entry of /sub/other matches.
    /// </summary>
    private static readonly ImmutableArray<FolderPermission> Rules =
    [
        new(VfsPath.Parse("/sub"), Permissions.List | Permissions.Read | Permissions.Rename),
        new(VfsPath.Parse("/sub/inner"), Permissions.All & ~Permissions.Delete),
        new(VfsPath.Parse("/sub/other/x/y"), Permissions.None),
    ];

    public FtpSessionRawListingTests()
    {
        _rawNames = new RawNamedFiles(_root);
        foreach (var name in new[] { "plain.txt", "a b  c", "café ünï 漢字", "emoji 😀", "100%", "back\\slash", "line\nbreak", "cr\rhere", ".hidden", "tab\there", ".ferry-upload-x", "private", "x.txt" })
        {
            File.WriteAllText(Path.Combine(_root, name), name);
        }

        _rawNames.Create([0x63, 0x61, 0x66, 0xE9]); // Latin-1 "café": not UTF-8
        _rawNames.Create([0x78, 0xFF, 0xFE]);
        File.SetUnixFileMode(Path.Combine(_root, "x.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.SetUser);
        Directory.CreateDirectory(Path.Combine(_root, "sub", "inner"));
        Directory.CreateDirectory(Path.Combine(_root, "sub", "other"));
        File.WriteAllText(Path.Combine(_root, "sub", "file.txt"), "f");
        File.WriteAllText(Path.Combine(_root, "sub", "inner", "a.txt"), "a");
        File.WriteAllText(Path.Combine(_root, "sub", "other", "b.txt"), "bb");
        Directory.CreateDirectory(Path.Combine(_root, "sub", "other", "dir"));
        File.CreateSymbolicLink(Path.Combine(_root, "link-file"), "plain.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "link-dir"), "sub");
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), "nowhere");
        File.CreateSymbolicLink(Path.Combine(_root, "outside"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(_root, "link é"), "sub");
        File.SetLastWriteTimeUtc(Path.Combine(_root, "plain.txt"), new DateTime(2019, 3, 5, 10, 0, 0, DateTimeKind.Utc));
    }

    public void Dispose()
    {
        _rawNames.Dispose(); // before the folder: .NET could not delete those names

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>An OPTS MLST line or none, the listing command, whether the account has <see cref="Rules"/>, whether the folder is read raw.</summary>
    public static TheoryData<string?, string, bool, bool> Cases => new()
    {
        { null, "MLSD", false, true },
        { null, "MLSD sub", false, true },
        { null, "MLSD /sub/other", false, true },
        { "OPTS MLST type;size;modify;perm;unix.mode;", "MLSD", false, true },
        { "OPTS MLST unix.mode;perm;", "MLSD", false, true },
        { "OPTS MLST modify;", "MLSD", false, true },
        { "OPTS MLST", "MLSD", false, true },
        { null, "MLSD", true, false }, // /sub is an entry of / with a rule of its own
        { null, "MLSD sub", true, false }, // so is /sub/inner of /sub
        { null, "MLSD sub/inner", true, true },
        { null, "MLSD sub/other", true, true }, // /sub/other/x/y matches no entry of /sub/other
        { "OPTS MLST type;perm;", "MLSD sub/other", true, true },
        { null, "NLST", false, true },
        { null, "NLST sub", false, true },
        { null, "NLST sub/", false, true },
        { null, "NLST /sub/other", true, true },
        { null, "NLST *.txt", false, false },
        { null, "NLST sub/*.txt", false, false },
        { null, "NLST plain.txt", false, false },
        { null, "LIST", false, true },
        { null, "LIST -la sub", true, true },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task A_raw_listing_writes_the_bytes_the_entry_listing_writes(string? opts, string command, bool rules, bool raw)
    {
        using var local = new LocalStorage(_root, LocalStorageOptions.Default);
        var counting = new CountingRawStorage<LocalStorage>(local);

        var fromEntries = await ListAsync(new EntryListingStorage(local), opts, command, rules);
        var fromRaw = await ListAsync(counting, opts, command, rules);

        Assert.Equal(raw ? 1 : 0, counting.Opened);
        Assert.NotEmpty(fromEntries);
        Assert.Equal(Encoding.Latin1.GetString(fromEntries), Encoding.Latin1.GetString(fromRaw));
    }

    [SkippableFact]
    public async Task The_rights_of_a_folder_read_raw_give_its_entries_perm_facts()
    {
        using var local = new LocalStorage(_root, LocalStorageOptions.Default);
        var counting = new CountingRawStorage<LocalStorage>(local);

        var other = Encoding.UTF8.GetString(await ListAsync(counting, null, "MLSD sub/other", rules: true));
        var inner = Encoding.UTF8.GetString(await ListAsync(counting, null, "MLSD sub/inner", rules: true));

        Assert.Equal(2, counting.Opened);
        Assert.Matches(@"(?m)^type=file;size=2;modify=\d{14};perm=rf; b\.txt\r$", other);
        Assert.Matches(@"(?m)^type=dir;modify=\d{14};perm=elf; dir\r$", other);
        Assert.Matches(@"(?m)^type=file;size=1;modify=\d{14};perm=rwaf; a\.txt\r$", inner);
    }

    [SkippableFact]
    public async Task Odd_names_reach_the_client_as_the_entry_path_gives_them()
    {
        using var local = new LocalStorage(_root, LocalStorageOptions.Default);
        var counting = new CountingRawStorage<LocalStorage>(local);

        var mlsd = Encoding.UTF8.GetString(await ListAsync(counting, null, "MLSD", rules: false));
        var nlst = Encoding.UTF8.GetString(await ListAsync(counting, null, "NLST sub", rules: false));

        Assert.Equal(2, counting.Opened);
        Assert.Contains(" caf%E9\r\n", mlsd, StringComparison.Ordinal);
        Assert.Contains(" line%0Abreak\r\n", mlsd, StringComparison.Ordinal);
        Assert.Contains(" café ünï 漢字\r\n", mlsd, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^type=dir;modify=\d{14};perm=elcmdf; link-dir\r$", mlsd);
        Assert.DoesNotContain(".ferry-upload-", mlsd, StringComparison.Ordinal);
        Assert.DoesNotContain(" private\r\n", mlsd, StringComparison.Ordinal);
        Assert.Equal(["sub/file.txt", "sub/inner", "sub/other"], nlst.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    /// <summary>One session over <paramref name="storage"/>: logon, the OPTS line if any, then the listing's bytes.</summary>
    private static async Task<byte[]> ListAsync(IStorage storage, string? opts, string command, bool rules)
    {
        await using var server = new FtpTestServer(storage: storage, folders: rules ? Rules : null);
        server.Access.Filter = new RequestFilter { HiddenSegments = ["private"] };
        await server.LogOnAsync();
        if (opts is not null)
        {
            await server.CommandAsync(opts, 200);
        }

        return await server.DownloadAsync(command);
    }
}
