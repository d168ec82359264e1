using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;
using Ferry.Core.Properties;

namespace Ferry.Storage.Conformance.Properties;

/// <summary>
/// What every <see cref="IPropertyStore"/> must do. Each store's test project derives from this class
/// and runs it against its own store.
/// </summary>
public abstract class PropertyStoreConformanceTests
{
    protected const string Tree = "tree";

    protected static readonly PropertyName Author = new("urn:example", "author");

    protected static readonly PropertyName Title = new("urn:example", "title");

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IPropertyStore> CreateStoreAsync();

    protected static LockKey Key(string path, string tree = Tree) => new(tree, VfsPath.Parse(path));

    protected static StoredProperty Property(PropertyName name, string value) =>
        new(name, $"<x:{name.LocalName} xmlns:x=\"{name.Namespace}\">{value}</x:{name.LocalName}>");

    protected static async Task SetAsync(IPropertyStore store, string path, params StoredProperty[] properties) =>
        await store.UpdateAsync(Key(path), properties, [], default);

    protected static async Task<Dictionary<PropertyName, string>> ReadAsync(IPropertyStore store, LockKey key) =>
        (await store.GetAsync(key, default)).ToDictionary(property => property.Name, property => property.ElementXml);

    [Fact]
    public async Task Nothing_is_stored_at_a_new_key()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await store.GetAsync(Key("/a"), default));
        Assert.Empty(await store.GetChildrenAsync(Key("/"), default));
    }

    [Fact]
    public async Task A_set_property_comes_back_byte_for_byte()
    {
        var store = await CreateStoreAsync();
        var value = new StoredProperty(Title, "<t:title xmlns:t=\"urn:example\" xml:lang=\"de\">Gr\u00fc\u00dfe <b xmlns=\"urn:b\">fett</b> \U00010000 &amp; &lt;mehr&gt;</t:title>");

        await store.UpdateAsync(Key("/a"), [value], [], default);

        Assert.Equal(value, Assert.Single(await store.GetAsync(Key("/a"), default)));
    }

    [Fact]
    public async Task Setting_a_name_again_replaces_its_value_and_keeps_the_others()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/a", Property(Title, "one"), Property(Author, "me"));

        await SetAsync(store, "/a", Property(Title, "two"));

        var found = await ReadAsync(store, Key("/a"));
        Assert.Equal(Property(Title, "two").ElementXml, found[Title]);
        Assert.Equal(Property(Author, "me").ElementXml, found[Author]);
    }

    [Fact]
    public async Task Names_differ_by_namespace_and_the_empty_namespace_is_one()
    {
        var store = await CreateStoreAsync();
        var plain = new PropertyName("", "title");
        var other = new PropertyName("urn:other", "title");
        await SetAsync(store, "/a", Property(Title, "1"), new StoredProperty(plain, "<title>2</title>"), Property(other, "3"));

        await store.UpdateAsync(Key("/a"), [], [plain], default);

        var found = await ReadAsync(store, Key("/a"));
        Assert.Equal([Title, other], found.Keys.OrderBy(name => name.Namespace, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Remove_takes_a_property_away_and_a_missing_one_is_no_error()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/a", Property(Title, "one"), Property(Author, "me"));

        await store.UpdateAsync(Key("/a"), [], [Title, new PropertyName("urn:example", "never-set")], default);

        Assert.Equal([Author], (await ReadAsync(store, Key("/a"))).Keys);
    }

    [Fact]
    public async Task A_name_both_removed_and_set_in_one_update_ends_set()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/a", Property(Title, "old"));

        await store.UpdateAsync(Key("/a"), [Property(Title, "new")], [Title], default);

        Assert.Equal(Property(Title, "new").ElementXml, (await ReadAsync(store, Key("/a")))[Title]);
    }

    [Fact]
    public async Task A_key_whose_last_property_is_removed_leaves_its_folder_listing()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/d/a", Property(Title, "t"));

        await store.UpdateAsync(Key("/d/a"), [], [Title], default);

        Assert.Empty(await store.GetAsync(Key("/d/a"), default));
        Assert.Empty(await store.GetChildrenAsync(Key("/d"), default));
    }

    [Fact]
    public async Task Children_are_the_direct_members_only_by_name()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/d", Property(Title, "folder"));
        await SetAsync(store, "/d/a", Property(Title, "a"));
        await SetAsync(store, "/d/b", Property(Title, "b"), Property(Author, "b"));
        await SetAsync(store, "/d/b/deeper", Property(Title, "deeper"));
        await SetAsync(store, "/dx", Property(Title, "sibling"));
        await store.UpdateAsync(Key("/d/c", tree: "other"), [Property(Title, "other tree")], [], default);

        var children = await store.GetChildrenAsync(Key("/d"), default);

        Assert.Equal(["a", "b"], children.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Property(Title, "a"), Assert.Single(children["a"]));
        Assert.Equal(2, children["b"].Count);
    }

    [Fact]
    public async Task The_root_has_its_own_properties_and_its_members_are_its_children()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/", Property(Title, "root"));
        await SetAsync(store, "/a", Property(Title, "a"));

        Assert.Equal(Property(Title, "root"), Assert.Single(await store.GetAsync(Key("/"), default)));
        Assert.Equal(["a"], (await store.GetChildrenAsync(Key("/"), default)).Keys);
    }

    [Fact]
    public async Task Copy_takes_the_whole_subtree_and_keeps_the_source()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/src", Property(Title, "top"));
        await SetAsync(store, "/src/f", Property(Title, "f"));
        await SetAsync(store, "/src/sub/g", Property(Author, "g"));

        await store.CopyAsync(Key("/src"), Key("/dst/copy"), default);

        Assert.Equal(Property(Title, "top").ElementXml, (await ReadAsync(store, Key("/dst/copy")))[Title]);
        Assert.Equal(Property(Title, "f").ElementXml, (await ReadAsync(store, Key("/dst/copy/f")))[Title]);
        Assert.Equal(Property(Author, "g").ElementXml, (await ReadAsync(store, Key("/dst/copy/sub/g")))[Author]);
        Assert.Equal(["f"], (await store.GetChildrenAsync(Key("/dst/copy"), default)).Keys);
        Assert.Equal(["g"], (await store.GetChildrenAsync(Key("/dst/copy/sub"), default)).Keys);
        Assert.Equal(Property(Title, "f").ElementXml, (await ReadAsync(store, Key("/src/f")))[Title]);
    }

    [Fact]
    public async Task Copy_replaces_what_was_at_and_below_the_destination()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/src", Property(Title, "new"));
        await SetAsync(store, "/dst", Property(Title, "old"), Property(Author, "old"));
        await SetAsync(store, "/dst/stale", Property(Title, "stale"));

        await store.CopyAsync(Key("/src"), Key("/dst"), default);

        Assert.Equal([Title], (await ReadAsync(store, Key("/dst"))).Keys);
        Assert.Equal(Property(Title, "new").ElementXml, (await ReadAsync(store, Key("/dst")))[Title]);
        Assert.Empty(await store.GetAsync(Key("/dst/stale"), default));
    }

    [Fact]
    public async Task Move_takes_the_whole_subtree_away_from_the_source()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/src", Property(Title, "top"));
        await SetAsync(store, "/src/sub/g", Property(Author, "g"));
        await SetAsync(store, "/dst/stale", Property(Title, "stale"));

        await store.MoveAsync(Key("/src"), Key("/dst"), default);

        Assert.Empty(await store.GetAsync(Key("/src"), default));
        Assert.Empty(await store.GetAsync(Key("/src/sub/g"), default));
        Assert.Empty(await store.GetAsync(Key("/dst/stale"), default));
        Assert.Equal(Property(Title, "top").ElementXml, (await ReadAsync(store, Key("/dst")))[Title]);
        Assert.Equal(Property(Author, "g").ElementXml, (await ReadAsync(store, Key("/dst/sub/g")))[Author]);
    }

    [Fact]
    public async Task Move_into_another_tree_lands_there()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/a", Property(Title, "a"));

        await store.MoveAsync(Key("/a"), Key("/b", tree: "other"), default);

        Assert.Empty(await store.GetAsync(Key("/a"), default));
        Assert.Equal([Title], (await ReadAsync(store, Key("/b", tree: "other"))).Keys);
    }

    [Fact]
    public async Task Delete_forgets_the_subtree_and_nothing_else()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/d", Property(Title, "d"));
        await SetAsync(store, "/d/x/y", Property(Title, "y"));
        await SetAsync(store, "/dx", Property(Title, "sibling with the same prefix"));
        await SetAsync(store, "/e", Property(Title, "e"));
        await store.UpdateAsync(Key("/d", tree: "other"), [Property(Title, "other tree")], [], default);

        await store.DeleteAsync(Key("/d"), default);

        Assert.Empty(await store.GetAsync(Key("/d"), default));
        Assert.Empty(await store.GetAsync(Key("/d/x/y"), default));
        Assert.Single(await store.GetAsync(Key("/dx"), default));
        Assert.Single(await store.GetAsync(Key("/e"), default));
        Assert.Single(await store.GetAsync(Key("/d", tree: "other"), default));
    }

    [Fact]
    public async Task Deleting_the_root_empties_its_tree_only()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/", Property(Title, "root"));
        await SetAsync(store, "/a/b", Property(Title, "b"));
        await store.UpdateAsync(Key("/a", tree: "other"), [Property(Title, "other tree")], [], default);

        await store.DeleteAsync(Key("/"), default);

        Assert.Empty(await store.GetAsync(Key("/"), default));
        Assert.Empty(await store.GetAsync(Key("/a/b"), default));
        Assert.Single(await store.GetAsync(Key("/a", tree: "other"), default));
    }

    [Fact]
    public async Task Names_are_case_sensitive_and_unicode_exact()
    {
        var store = await CreateStoreAsync();
        await SetAsync(store, "/D\u00e9j\u00e0", Property(Title, "upper"));
        await SetAsync(store, "/d\u00e9j\u00e0", Property(Title, "lower"));
        await SetAsync(store, "/d\u00e9j\u00e0/%_x", Property(Title, "odd name"));

        await store.DeleteAsync(Key("/D\u00e9j\u00e0"), default);

        Assert.Empty(await store.GetAsync(Key("/D\u00e9j\u00e0"), default));
        Assert.Equal(Property(Title, "lower").ElementXml, (await ReadAsync(store, Key("/d\u00e9j\u00e0")))[Title]);
        Assert.Equal(["%_x"], (await store.GetChildrenAsync(Key("/d\u00e9j\u00e0"), default)).Keys);
    }
}
