using System.Collections.Immutable;
using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

public sealed class InMemoryAccountStoreTests
{
    private static Account Make(string name, string home = "/srv/ftp") =>
        new(name, "$hash", home, Permissions.All, ImmutableArray<FolderPermission>.Empty);

    [Fact]
    public async Task Find_returns_an_added_account_whatever_the_case_of_the_name()
    {
        var store = new InMemoryAccountStore();
        await store.AddAsync(Make("Alice"), default);

        Assert.Equal("Alice", (await store.FindAsync("alice", default))?.Name);
        Assert.Equal("Alice", (await store.FindAsync("ALICE", default))?.Name);
        Assert.Null(await store.FindAsync("bob", default));
    }

    [Fact]
    public async Task Add_of_a_taken_name_in_another_case_throws()
    {
        var store = new InMemoryAccountStore([Make("alice")]);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.AddAsync(Make("ALICE"), default));
    }

    [Fact]
    public void Constructor_with_duplicate_names_throws()
    {
        Assert.Throws<InvalidOperationException>(() => new InMemoryAccountStore([Make("alice"), Make("Alice")]));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("/etc")]
    [InlineData("a/b")]
    public async Task An_invalid_name_is_never_stored(string name)
    {
        var store = new InMemoryAccountStore([Make("alice")]);

        Assert.Throws<ArgumentException>(() => new InMemoryAccountStore([Make(name)]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AddAsync(Make(name), default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.UpdateAsync(Make(name), default));
        Assert.Equal(["alice"], (await store.ListAsync(default)).Select(account => account.Name));
    }

    [Fact]
    public async Task Update_replaces_an_existing_account_and_reports_a_missing_one()
    {
        var store = new InMemoryAccountStore([Make("alice")]);

        Assert.True(await store.UpdateAsync(Make("Alice", "/srv/alice"), default));
        Assert.False(await store.UpdateAsync(Make("bob"), default));

        var found = await store.FindAsync("alice", default);
        Assert.Equal("/srv/alice", found?.HomeDirectory);
        Assert.Equal("Alice", found?.Name);
        Assert.Null(await store.FindAsync("bob", default));
    }

    [Fact]
    public async Task Remove_deletes_by_name_in_any_case()
    {
        var store = new InMemoryAccountStore([Make("alice")]);

        Assert.True(await store.RemoveAsync("ALICE", default));
        Assert.False(await store.RemoveAsync("alice", default));
        Assert.Null(await store.FindAsync("alice", default));
    }

    [Fact]
    public async Task List_returns_every_account_sorted_by_name()
    {
        var store = new InMemoryAccountStore([Make("carol"), Make("Alice"), Make("bob")]);

        var names = (await store.ListAsync(default)).Select(account => account.Name);

        Assert.Equal(["Alice", "bob", "carol"], names);
    }

    [Fact]
    public async Task Parallel_adds_of_distinct_names_all_land()
    {
        var store = new InMemoryAccountStore();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () => await store.AddAsync(Make($"user{i}"), default))));

        Assert.Equal(200, (await store.ListAsync(default)).Count);
    }
}
