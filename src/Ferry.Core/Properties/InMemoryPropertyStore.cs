using Ferry.Core.Access.Locks;
using Ferry.Core.Paths;

namespace Ferry.Core.Properties;

/// <summary>
/// Properties kept in memory for the life of the process: for tests and for a node without an
/// embedded database. Keyed by tree and folder, so that a folder's members are found in one look-up.
/// </summary>
public sealed class InMemoryPropertyStore : IPropertyStore
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<StoredProperty>> NoChildren =
        new Dictionary<string, IReadOnlyList<StoredProperty>>(StringComparer.Ordinal);

    private readonly Lock _gate = new();

    // (tree, folder) -> member name -> properties; the root itself is member "" of folder "".
    private readonly Dictionary<(string Tree, string Folder), Dictionary<string, Dictionary<PropertyName, StoredProperty>>> _byFolder = [];

    public ValueTask<IReadOnlyList<StoredProperty>> GetAsync(LockKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            IReadOnlyList<StoredProperty> found = Find(key) is { } properties ? [.. properties.Values] : [];
            return ValueTask.FromResult(found);
        }
    }

    public ValueTask<IReadOnlyDictionary<string, IReadOnlyList<StoredProperty>>> GetChildrenAsync(LockKey folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        lock (_gate)
        {
            if (!_byFolder.TryGetValue((folder.Tree, folder.Path.Value), out var members))
            {
                return ValueTask.FromResult(NoChildren);
            }

            var found = new Dictionary<string, IReadOnlyList<StoredProperty>>(members.Count, StringComparer.Ordinal);
            foreach (var (name, properties) in members)
            {
                found[name] = [.. properties.Values];
            }

            return ValueTask.FromResult<IReadOnlyDictionary<string, IReadOnlyList<StoredProperty>>>(found);
        }
    }

    public ValueTask UpdateAsync(LockKey key, IReadOnlyList<StoredProperty> set, IReadOnlyList<PropertyName> remove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(remove);
        lock (_gate)
        {
            var properties = Find(key) ?? [];
            foreach (var name in remove)
            {
                properties.Remove(name);
            }

            foreach (var property in set)
            {
                properties[property.Name] = property;
            }

            Store(key, properties);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CopyAsync(LockKey from, LockKey to, CancellationToken cancellationToken)
    {
        Transfer(from, to, keepSource: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask MoveAsync(LockKey from, LockKey to, CancellationToken cancellationToken)
    {
        Transfer(from, to, keepSource: false);
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(LockKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            RemoveTree(key);
        }

        return ValueTask.CompletedTask;
    }

    private static (string Tree, string Folder) FolderOf(LockKey key) => (key.Tree, key.Path.IsRoot ? "" : key.Path.Parent.Value);

    private Dictionary<PropertyName, StoredProperty>? Find(LockKey key) =>
        _byFolder.TryGetValue(FolderOf(key), out var members) && members.TryGetValue(key.Path.Name, out var properties) ? properties : null;

    private void Store(LockKey key, Dictionary<PropertyName, StoredProperty> properties)
    {
        var folder = FolderOf(key);
        if (properties.Count == 0)
        {
            if (_byFolder.TryGetValue(folder, out var existing) && existing.Remove(key.Path.Name) && existing.Count == 0)
            {
                _byFolder.Remove(folder);
            }

            return;
        }

        if (!_byFolder.TryGetValue(folder, out var members))
        {
            members = new Dictionary<string, Dictionary<PropertyName, StoredProperty>>(StringComparer.Ordinal);
            _byFolder[folder] = members;
        }

        members[key.Path.Name] = properties;
    }

    private List<(LockKey Key, Dictionary<PropertyName, StoredProperty> Properties)> Tree(LockKey root)
    {
        var found = new List<(LockKey, Dictionary<PropertyName, StoredProperty>)>();
        foreach (var ((tree, folder), members) in _byFolder)
        {
            if (!string.Equals(tree, root.Tree, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (name, properties) in members)
            {
                var path = folder.Length == 0 ? VfsPath.Root : VfsPath.Parse(folder).Combine(name);
                if (path.IsAtOrBelow(root.Path))
                {
                    found.Add((new LockKey(tree, path), properties));
                }
            }
        }

        return found;
    }

    private void Transfer(LockKey from, LockKey to, bool keepSource)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        lock (_gate)
        {
            var moving = Tree(from)
                .Select(entry => (Key: new LockKey(to.Tree, to.Path.Append(entry.Key.Path.RelativeTo(from.Path)!)), Properties: new Dictionary<PropertyName, StoredProperty>(entry.Properties)))
                .ToList();
            if (!keepSource)
            {
                RemoveTree(from);
            }

            RemoveTree(to);
            foreach (var (key, properties) in moving)
            {
                Store(key, properties);
            }
        }
    }

    private void RemoveTree(LockKey root)
    {
        foreach (var (key, _) in Tree(root))
        {
            Store(key, []);
        }
    }
}
