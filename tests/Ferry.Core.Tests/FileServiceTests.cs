using System.Collections.Immutable;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests;

public class FileServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeStorage _storage = new() { Capabilities = StorageCapabilities.Append | StorageCapabilities.AtomicDirectoryRename | StorageCapabilities.UnixModes };

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
        { "chmod", Permissions.Chmod },
    };

    private static async Task<FileError> Perform(FileService service, string operation) => operation switch
    {
        "list" => (await service.ListAsync(P("/d"), None)).Error,
        "read" => (await service.OpenReadAsync(P("/d/f"), 0, None)).Error,
        "write" => (await service.OpenWriteAsync(P("/d/f"), WriteMode.Replace, 0, None)).Error,
        "mkdir" => (await service.CreateDirectoryAsync(P("/d/f"), None)).Error,
        "delete" => (await service.DeleteFileAsync(P("/d/f"), None)).Error,
        "rmdir" => (await service.DeleteDirectoryAsync(P("/d/f"), None)).Error,
        "rename" => (await service.RenameAsync(P("/d/f"), P("/d/g"), overwrite: true, None)).Error,
        "touch" => (await service.SetLastModifiedAsync(P("/d/f"), DateTimeOffset.UnixEpoch, None)).Error,
        "stat" => (await service.StatAsync(P("/d/f"), None)).Error,
        "chmod" => (await service.SetModeAsync(P("/d/f"), UnixFileMode.UserRead, None)).Error,
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

    [Fact]
    public async Task Write_alone_does_not_change_permission_bits()
    {
        var service = Service(Permissions.All & ~Permissions.Chmod);

        Assert.Equal(FileError.Denied, (await service.SetModeAsync(P("/d/f"), UnixFileMode.UserRead, None)).Error);
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

        Assert.Equal(FileError.Denied, (await service.RenameAsync(P("/locked/f"), P("/open/f"), overwrite: true, None)).Error);
        Assert.Empty(_storage.Calls);
    }

    [Fact]
    public async Task Rename_needs_the_right_at_the_target()
    {
        var service = Service(Permissions.All, ("/locked", Permissions.ReadOnly));

        Assert.Equal(FileError.Denied, (await service.RenameAsync(P("/open/f"), P("/locked/f"), overwrite: true, None)).Error);
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

        Assert.Equal(StorageCapabilities.Append | StorageCapabilities.AtomicDirectoryRename | StorageCapabilities.UnixModes, service.Capabilities);
        Assert.Equal("alice", service.Account.Name);
    }

    public static TheoryData<string, FileError> RootRules => new()
    {
        { "write", FileError.IsADirectory },
        { "mkdir", FileError.Exists },
        { "delete", FileError.IsADirectory },
        { "rmdir", FileError.Denied },
        { "rename-from", FileError.Denied },
        { "rename-to", FileError.Exists },
        { "copy-to", FileError.Exists },
    };

    [Theory]
    [MemberData(nameof(RootRules))]
    public async Task The_root_is_kept_whatever_the_rights(string operation, FileError expected)
    {
        var service = Service(Permissions.All);
        var root = VfsPath.Root;

        var error = operation switch
        {
            "write" => (await service.OpenWriteAsync(root, WriteMode.Replace, 0, None)).Error,
            "mkdir" => (await service.CreateDirectoryAsync(root, None)).Error,
            "delete" => (await service.DeleteFileAsync(root, None)).Error,
            "rmdir" => (await service.DeleteDirectoryAsync(root, None)).Error,
            "rename-from" => (await service.RenameAsync(root, P("/x"), overwrite: true, None)).Error,
            "rename-to" => (await service.RenameAsync(P("/x"), root, overwrite: true, None)).Error,
            "copy-to" => (await service.CopyAsync(P("/x"), root, overwrite: true, recursive: true, None)).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        Assert.Equal(expected, error);
        Assert.Empty(_storage.Calls);
    }

    public static TheoryData<string, FileError> HiddenRules => new()
    {
        { "stat", FileError.NotFound },
        { "list", FileError.NotFound },
        { "read", FileError.NotFound },
        { "delete", FileError.NotFound },
        { "rmdir", FileError.NotFound },
        { "touch", FileError.NotFound },
        { "chmod", FileError.NotFound },
        { "rename-from", FileError.NotFound },
        { "copy-from", FileError.NotFound },
        { "write", FileError.InvalidName },
        { "mkdir", FileError.InvalidName },
        { "rename-to", FileError.InvalidName },
        { "copy-to", FileError.InvalidName },
    };

    [Theory]
    [MemberData(nameof(HiddenRules))]
    public async Task Reserved_names_are_invisible_and_cannot_be_made(string operation, FileError expected)
    {
        _storage.Capabilities |= StorageCapabilities.UnixModes;
        var service = Service(Permissions.All);
        var hidden = P("/d/" + ReservedNames.Prefix + "1.tmp");
        var below = hidden.Combine("inner");

        var error = operation switch
        {
            "stat" => (await service.StatAsync(hidden, None)).Error,
            "list" => (await service.ListAsync(hidden, None)).Error,
            "read" => (await service.OpenReadAsync(below, 0, None)).Error,
            "delete" => (await service.DeleteFileAsync(hidden, None)).Error,
            "rmdir" => (await service.DeleteDirectoryAsync(hidden, None)).Error,
            "touch" => (await service.SetLastModifiedAsync(hidden, DateTimeOffset.UnixEpoch, None)).Error,
            "chmod" => (await service.SetModeAsync(hidden, UnixFileMode.UserRead, None)).Error,
            "rename-from" => (await service.RenameAsync(hidden, P("/d/x"), overwrite: true, None)).Error,
            "copy-from" => (await service.CopyAsync(hidden, P("/d/x"), overwrite: true, recursive: true, None)).Error,
            "write" => (await service.OpenWriteAsync(hidden, WriteMode.Replace, 0, None)).Error,
            "mkdir" => (await service.CreateDirectoryAsync(hidden, None)).Error,
            "rename-to" => (await service.RenameAsync(P("/d/x"), hidden, overwrite: true, None)).Error,
            "copy-to" => (await service.CopyAsync(P("/d/x"), hidden, overwrite: true, recursive: true, None)).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        Assert.Equal(expected, error);
        Assert.Empty(_storage.Calls);
    }

    [Fact]
    public async Task Nothing_moves_or_copies_into_itself()
    {
        var service = Service(Permissions.All);

        Assert.Equal(FileError.InvalidName, (await service.RenameAsync(P("/d"), P("/d/e"), overwrite: false, None)).Error);
        Assert.Equal(FileError.InvalidName, (await service.CopyAsync(P("/d"), P("/d/e/f"), overwrite: false, recursive: true, None)).Error);
        Assert.Equal(FileError.InvalidName, (await service.CopyAsync(P("/f"), P("/f"), overwrite: true, recursive: false, None)).Error);
        Assert.Empty(_storage.Calls);
    }

    [Fact]
    public async Task Renaming_a_path_to_itself_reaches_the_storage_which_does_nothing()
    {
        var service = Service(Permissions.All);

        Assert.True((await service.RenameAsync(P("/d"), P("/d"), overwrite: false, None)).Ok);
        Assert.Equal(["rename /d /d False"], _storage.Calls);
    }

    [Fact]
    public async Task Rename_passes_the_overwrite_choice_on()
    {
        var service = Service(Permissions.All);

        await service.RenameAsync(P("/a"), P("/b"), overwrite: false, None);
        await service.RenameAsync(P("/a"), P("/b"), overwrite: true, None);

        Assert.Equal(["rename /a /b False", "rename /a /b True"], _storage.Calls);
    }

    [Fact]
    public async Task A_file_copy_uses_the_backends_own_copy_when_it_has_one()
    {
        _storage.Capabilities |= StorageCapabilities.ServerSideCopy;
        var service = Service(Permissions.All);

        Assert.True((await service.CopyAsync(P("/a"), P("/b"), overwrite: true, recursive: false, None)).Ok);
        Assert.Equal(["stat /a", "copy /a /b True"], _storage.Calls);
    }

    [Theory]
    [InlineData(Permissions.All & ~Permissions.Read & ~Permissions.List)]
    [InlineData(Permissions.All & ~Permissions.Write & ~Permissions.Mkdir)]
    public async Task A_copy_needs_rights_at_both_ends(Permissions rights)
    {
        _storage.Capabilities |= StorageCapabilities.ServerSideCopy;
        var service = Service(rights);

        Assert.Equal(FileError.Denied, (await service.CopyAsync(P("/a"), P("/b"), overwrite: true, recursive: false, None)).Error);
        Assert.Empty(_storage.Calls);
    }

    [Fact]
    public async Task A_file_copy_needs_Write_not_only_Mkdir_at_the_target()
    {
        _storage.Capabilities |= StorageCapabilities.ServerSideCopy;
        var service = Service(Permissions.All, ("/ro", Permissions.List | Permissions.Read | Permissions.Mkdir));

        Assert.Equal(FileError.Denied, (await service.CopyAsync(P("/a"), P("/ro/b"), overwrite: true, recursive: false, None)).Error);
        Assert.DoesNotContain(_storage.Calls, c => c.StartsWith("copy", StringComparison.Ordinal));
    }
}

/// <summary>Storage:PortableNames: FileService refuses names Windows cannot hold for whatever it creates, and only then.</summary>
public sealed class FileServicePortableNamesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static FileService Service(bool portable) =>
        new(new FakeStorage { PortableNames = portable, StatResult = null }, new Account("alice", "not-a-real-hash", "/srv/alice", Permissions.All, []));

    public static TheoryData<string> Creations => ["write", "mkdir", "rename", "copy"];

    private static async Task<FileError> CreateAsync(FileService service, string operation, string name) => operation switch
    {
        "write" => (await service.OpenWriteAsync(VfsPath.Parse("/d/" + name), WriteMode.Replace, 0, None)).Error,
        "mkdir" => (await service.CreateDirectoryAsync(VfsPath.Parse("/d/" + name), None)).Error,
        "rename" => (await service.RenameAsync(VfsPath.Parse("/d/ok"), VfsPath.Parse("/d/" + name), overwrite: false, None)).Error,
        _ => (await service.CopyAsync(VfsPath.Parse("/d/ok"), VfsPath.Parse("/d/" + name), overwrite: false, recursive: false, None)).Error,
    };

    [Theory]
    [MemberData(nameof(Creations))]
    public async Task With_portable_names_a_windows_reserved_name_is_invalid(string operation)
    {
        foreach (var name in new[] { "CON", "nul.txt", "trailing.", "ads::$DATA" })
        {
            Assert.Equal(FileError.InvalidName, await CreateAsync(Service(portable: true), operation, name));
        }
    }

    [Theory]
    [MemberData(nameof(Creations))]
    public async Task Without_portable_names_the_same_names_reach_the_storage(string operation)
    {
        Assert.NotEqual(FileError.InvalidName, await CreateAsync(Service(portable: false), operation, "CON"));
    }

    [Fact]
    public async Task Existing_files_with_such_names_stay_readable_and_deletable()
    {
        var service = Service(portable: true);

        Assert.NotEqual(FileError.InvalidName, (await service.OpenReadAsync(VfsPath.Parse("/CON"), 0, None)).Error);
        Assert.NotEqual(FileError.InvalidName, (await service.DeleteFileAsync(VfsPath.Parse("/CON"), None)).Error);
    }
}
