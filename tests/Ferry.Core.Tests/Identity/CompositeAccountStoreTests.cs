using System.Collections.Immutable;
using Ferry.Core.Identity;

namespace Ferry.Core.Tests.Identity;

public sealed class CompositeAccountStoreTests
{
    private static Account Make(string name, string home) =>
        new(name, "$hash", home, Permissions.All, ImmutableArray<FolderPermission>.Empty);

    private readonly InMemoryAccountStore _config = new([Make("alice", "/config/alice"), Make("carol", "/config/carol")]);
    private readonly InMemoryAccountStore _database = new([Make("Alice", "/db/alice"), Make("bob", "/db/bob")]);

    private CompositeAccountStore Composite() => new([_config, _database], _database);

    [Fact]
    public async Task Find_answers_from_the_first_store_that_knows_the_name()
    {
        var store = Composite();

        Assert.Equal("/config/alice", (await store.FindAsync("ALICE", default))?.HomeDirectory);
        Assert.Equal("/db/bob", (await store.FindAsync("bob", default))?.HomeDirectory);
        Assert.Null(await store.FindAsync("dave", default));
    }

    [Fact]
    public async Task List_concatenates_in_order_and_keeps_the_first_of_each_name()
    {
        var accounts = await Composite().ListAsync(default);

        Assert.Equal(["/config/alice", "/config/carol", "/db/bob"], accounts.Select(account => account.HomeDirectory));
    }

    [Fact]
    public async Task Add_goes_to_the_writable_store()
    {
        await Composite().AddAsync(Make("dave", "/db/dave"), default);

        Assert.NotNull(await _database.FindAsync("dave", default));
        Assert.Null(await _config.FindAsync("dave", default));
    }

    [Fact]
    public async Task Add_of_a_name_known_to_any_store_throws()
    {
        var store = Composite();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.AddAsync(Make("CAROL", "/db/carol"), default));
        Assert.Null(await _database.FindAsync("carol", default));
    }

    [Fact]
    public async Task Update_and_remove_go_to_the_writable_store_only()
    {
        var store = Composite();

        Assert.True(await store.UpdateAsync(Make("bob", "/db/bob2"), default));
        Assert.False(await store.UpdateAsync(Make("carol", "/db/carol"), default));
        Assert.False(await store.RemoveAsync("carol", default));
        Assert.True(await store.RemoveAsync("bob", default));

        Assert.NotNull(await _config.FindAsync("carol", default));
        Assert.Null(await _database.FindAsync("bob", default));
    }

    [Fact]
    public async Task Without_a_writable_store_changes_are_not_supported()
    {
        var store = new CompositeAccountStore([_config], writable: null);

        await Assert.ThrowsAsync<NotSupportedException>(async () => await store.AddAsync(Make("dave", "/x"), default));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await store.RemoveAsync("alice", default));
    }

    [Fact]
    public void A_writable_store_outside_the_list_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CompositeAccountStore([_config], _database));
    }
}
