using System.Collections.Immutable;
using System.Text;
using Ferry.Core.Files;
using Ferry.Core.Identity;
using Ferry.Core.Paths;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests;

/// <summary>
/// FileService.TryOpenDescribedAsync (WebDAV GET's one open): the file and its entry when every right
/// both StatAsync and OpenReadAsync ask is there and the storage describes its open files; null, with
/// nothing left open and nothing noted, in every other case.
/// </summary>
public sealed class FileServiceOpenDescribedTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly DescribingStorage _storage = new();

    private static VfsPath P(string path) => VfsPath.Parse(path);

    private FileService Files(Permissions defaults, params (string Folder, Permissions Rights)[] rules) => new(
        _storage,
        new Account("alice", "not-a-real-hash", "/srv/alice", defaults, [.. rules.Select(r => new FolderPermission(P(r.Folder), r.Rights))]),
        filter: () => new RequestFilter { HiddenSegments = ["private"], DenyExtensions = [".exe"] });

    private async Task PlaceAsync(string path, string text)
    {
        await using var upload = await _storage.OpenWriteAsync(P(path), WriteMode.Replace, 0, None);
        await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(text));
        await upload.CommitAsync(None);
    }

    [Fact]
    public async Task AFileWithEveryRightComesOpenWithTheEntryTheStorageGaveIt()
    {
        await _storage.CreateDirectoryAsync(P("/docs"), None);
        await PlaceAsync("/docs/a.txt", "hello");

        var opened = await Files(Permissions.All).TryOpenDescribedAsync(P("/docs/a.txt"), None);

        Assert.NotNull(opened);
        var (handle, entry) = opened.Value;
        await using (handle)
        {
            Assert.Equal(DescribingStorage.Tag, entry.ETag);
            Assert.Equal(5, entry.Length);
            using var reader = new StreamReader(handle.Content);
            Assert.Equal("hello", await reader.ReadToEndAsync());
        }

        Assert.Equal(1, _storage.Opened);
        Assert.Equal(1, _storage.Closed);
    }

    public static TheoryData<string, Permissions, string, Permissions> MissingRights => new()
    {
        // StatAsync's right: List in the parent folder.
        { "/docs", Permissions.Read, "/docs/a.txt", Permissions.Read },
        // OpenReadAsync's right: Read of the file.
        { "/docs", Permissions.List, "/docs/a.txt", Permissions.List },
    };

    [Theory]
    [MemberData(nameof(MissingRights))]
    public async Task WithoutARightOfEitherCallNothingIsOpened(string folder, Permissions folderRights, string file, Permissions fileRights)
    {
        await _storage.CreateDirectoryAsync(P("/docs"), None);
        await PlaceAsync("/docs/a.txt", "hello");

        var opened = await Files(Permissions.None, (folder, folderRights), (file, fileRights)).TryOpenDescribedAsync(P("/docs/a.txt"), None);

        Assert.Null(opened);
        Assert.Equal(0, _storage.Opened);
    }

    [Fact]
    public async Task BothRightsGiveTheFile()
    {
        await _storage.CreateDirectoryAsync(P("/docs"), None);
        await PlaceAsync("/docs/a.txt", "hello");

        var opened = await Files(Permissions.None, ("/docs", Permissions.List), ("/docs/a.txt", Permissions.Read)).TryOpenDescribedAsync(P("/docs/a.txt"), None);

        Assert.NotNull(opened);
        await opened.Value.Handle.DisposeAsync();
    }

    [Theory]
    [InlineData("/private/a.txt")]
    [InlineData("/tool.exe")]
    public async Task AHiddenOrRefusedNameIsNotOpenedAndNoRefusalIsNoted(string path)
    {
        await _storage.CreateDirectoryAsync(P("/private"), None);
        await PlaceAsync(path, "hello");
        var files = Files(Permissions.All);

        Assert.Null(await files.TryOpenDescribedAsync(P(path), None));

        Assert.Equal(0, _storage.Opened);
        // The usual way (StatAsync, then OpenReadAsync) notes the filter's sentence when it refuses; this try must not.
        Assert.Null(files.TakeFilterRefusal());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/docs")]
    [InlineData("/docs/missing.txt")]
    [InlineData("/docs/a.txt/b")]
    public async Task WhatIsNoFileThatOpensGivesNull(string path)
    {
        await _storage.CreateDirectoryAsync(P("/docs"), None);
        await PlaceAsync("/docs/a.txt", "hello");

        Assert.Null(await Files(Permissions.All).TryOpenDescribedAsync(P(path), None));
        Assert.Equal(_storage.Opened, _storage.Closed);
    }

    [Fact]
    public async Task AStorageThatDoesNotDescribeItsFilesGivesNullAndTheFileIsClosed()
    {
        _storage.Describes = false;
        await PlaceAsync("/a.txt", "hello");

        Assert.Null(await Files(Permissions.All).TryOpenDescribedAsync(P("/a.txt"), None));

        Assert.Equal(1, _storage.Opened);
        Assert.Equal(1, _storage.Closed);
    }

    /// <summary>In-memory storage whose read handles describe themselves (as a local disk's do), counting opens and closes.</summary>
    private sealed class DescribingStorage : ReadWrappingStorage
    {
        public const string Tag = "\"described\"";

        public bool Describes { get; set; } = true;

        public int Opened { get; private set; }

        public int Closed { get; private set; }

        protected override IReadHandle Wrap(IReadHandle handle)
        {
            Opened++;
            return new Handle(this, handle, Describes ? new FileEntry("a.txt", false, handle.Length, DateTimeOffset.UnixEpoch, Tag) : null);
        }

        private sealed class Handle(DescribingStorage owner, IReadHandle inner, FileEntry? entry) : IReadHandle, IDescribedFile
        {
            public long Length => inner.Length;

            public long Offset => inner.Offset;

            public Stream Content => inner.Content;

            public FileEntry Entry => entry!;

            public T? GetFacet<T>()
                where T : class => typeof(T) == typeof(IDescribedFile) && entry is null ? null : this as T;

            public ValueTask DisposeAsync()
            {
                owner.Closed++;
                return inner.DisposeAsync();
            }
        }
    }
}
