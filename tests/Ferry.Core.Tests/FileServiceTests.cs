using System.Collections.Immutable;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests;

public class FileServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeStorage _storage = new();

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private static Account AccountWith(Permissions defaults, params (string Folder, Permissions Rights)[] rules) => new(
        "alice",
        "not-a-real-hash",
        "/srv/alice",
        defaults,
        [.. rules.Select(r => new FolderPermission(VfsPath.Parse(r.Folder), r.Rights))]);

    private FileService Service(Permissions defaults, params (string Folder, Permissions Rights)[] rules) =>
        new(_storage, AccountWith(defaults, rules));

    /// <summary>Each operation with the one right it needs, and a call that performs it.</summary>
    public static TheoryData<string, Permissions> Operations => new()
    {
        { "list", Permissions.List },
        { "read", Permissions.Read },
        { "write", Permissions.Write },
        { "mkdir", Permissions.Mkdir },
        { "delete", Permissions.Delete },
        { "rmdir", Permissions.Delete },
        { "rename", Permissions.Rename },
        { "touch", Permissions.SetTime },
        { "stat", Permissions.List },
    };

    private static async Task<FileError> Perform(FileService service, string operation) => operation switch
    {
        "list" => (await service.ListAsync(P("/d"), None)).Error,
        "read" => (await service.OpenReadAsync(P("/d/f"), 0, None)).Error,
        "write" => (await service.OpenWriteAsync(P("/d/f"), WriteMode.Replace, 0, None)).Error,
        "mkdir" => (await service.CreateDirectoryAsync(P("/d/f"), None)).Error,
        "delete" => (await service.DeleteFileAsync(P("/d/f"), None)).Error,
        "rmdir" => (await service.DeleteDirectoryAsync(P("/d/f"), None)).Error,
        "rename" => (await service.RenameAsync(P("/d/f"), P("/d/g"), None)).Error,
        "touch" => (await service.SetLastModifiedAsync(P("/d/f"), DateTimeOffset.UnixEpoch, None)).Error,
        "stat" => (await service.StatAsync(P("/d/f"), None)).Error,
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_without_its_right_is_Denied_and_never_reaches_storage(string operation, Permissions needed)
    {
        var service = Service(Permissions.All & ~needed);

        Assert.Equal(FileError.Denied, await Perform(service, operation));
        Assert.Empty(_storage.Calls);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_with_only_its_right_reaches_storage(string operation, Permissions needed)
    {
        var service = Service(needed);

        Assert.Equal(FileError.None, await Perform(service, operation));
        Assert.Single(_storage.Calls);
        Assert.StartsWith(operation, _storage.Calls[0]);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_folder_rule_takes_the_right_away_below_it(string operation, Permissions needed)
    {
        var service = Service(Permissions.All, ("/d", Permissions.All & ~needed));

        Assert.Equal(FileError.Denied, await Perform(service, operation));
        Assert.Empty(_storage.Calls);
    }

    [Theory]
    [InlineData(Permissions.Append)]
    [InlineData(Permissions.Write)]
    public async Task Append_needs_Append_or_Write(Permissions rights)
    {
        var service = Service(rights);

        var result = await service.OpenWriteAsync(P("/f"), WriteMode.Append, 0, None);

        Assert.True(result.Ok);
        Assert.Equal(["write /f Append 0"], _storage.Calls);
    }

    [Theory]
    [InlineData(WriteMode.Replace)]
    [InlineData(WriteMode.WriteAt)]
    [InlineData(WriteMode.CreateNew)]
    public async Task Other_write_modes_are_not_allowed_by_Append(WriteMode mode)
    {
        var service = Service(Permissions.Append);

        Assert.Equal(FileError.Denied, (await service.OpenWriteAsync(P("/f"), mode, 0, None)).Error);
        Assert.Empty(_storage.Calls);
    }

    [Fact]
    public async Task Rename_needs_the_right_at_the_source()
    {
        var service = Service(Permissions.All, ("/locked", Permissions.ReadOnly));

        Assert.Equal(FileError.Denied, (await service.RenameAsync(P("/locked/f"), P("/open/f"), None)).Error);
        Assert.Empty(_storage.Calls);
    }

    [Fact]
    public async Task Rename_needs_the_right_at_the_target()
    {
        var service = Service(Permissions.All, ("/locked", Permissions.ReadOnly));

        Assert.Equal(FileError.Denied, (await service.RenameAsync(P("/open/f"), P("/locked/f"), None)).Error);
        Assert.Empty(_storage.Calls);
    }

    [Fact]
    public async Task Stat_checks_List_on_the_parent_folder()
    {
        var service = Service(Permissions.List, ("/hidden", Permissions.None));

        Assert.True((await service.StatAsync(P("/hidden"), None)).Ok);
        Assert.Equal(FileError.Denied, (await service.StatAsync(P("/hidden/f"), None)).Error);
        Assert.True((await service.StatAsync(VfsPath.Root, None)).Ok);
    }

    [Fact]
    public async Task Stat_of_nothing_is_NotFound()
    {
        _storage.StatResult = null;
        var service = Service(Permissions.All);

        Assert.Equal(FileError.NotFound, (await service.StatAsync(P("/f"), None)).Error);
    }

    public static TheoryData<Exception, FileError> Failures => new()
    {
        { new StorageException(FileError.NotEmpty, "x"), FileError.NotEmpty },
        { new StorageException(FileError.Quota, "x"), FileError.Quota },
        { new FileNotFoundException(), FileError.NotFound },
        { new DirectoryNotFoundException(), FileError.NotFound },
        { new UnauthorizedAccessException(), FileError.Denied },
        { new IOException("disk gone"), FileError.Unavailable },
        { new NotSupportedException(), FileError.Unsupported },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Backend_exceptions_become_errors(Exception failure, FileError expected)
    {
        _storage.Failure = failure;
        var service = Service(Permissions.All);

        foreach (var operation in Operations.Select(row => (string)row[0]))
        {
            Assert.Equal(expected, await Perform(service, operation));
        }
    }

    [Fact]
    public async Task List_fails_before_any_entry_is_produced()
    {
        _storage.Failure = new StorageException(FileError.NotADirectory, "x");
        var service = Service(Permissions.All);

        var result = await service.ListAsync(P("/f"), None);

        Assert.Equal(FileError.NotADirectory, result.Error);
    }

    [Fact]
    public async Task List_hands_over_every_entry_once()
    {
        var service = Service(Permissions.List);

        var result = await service.ListAsync(P("/d"), None);
        var names = new List<string>();
        await foreach (var entry in result.Value!)
        {
            names.Add(entry.Name);
        }

        Assert.Equal(["one", "two"], names);
        Assert.Throws<InvalidOperationException>(() => result.Value!.GetAsyncEnumerator());
    }

    [Fact]
    public void Capabilities_and_account_come_through()
    {
        var service = Service(Permissions.All);

        Assert.Equal(StorageCapabilities.Append, service.Capabilities);
        Assert.Equal("alice", service.Account.Name);
    }
}
