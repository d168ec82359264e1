using Ferry.Core.Access.Locks;

namespace Ferry.Core.Properties;

/// <summary>Properties kept in memory for the life of the process: for tests and for a node without an embedded database.</summary>
public sealed class InMemoryPropertyStore : IPropertyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<LockKey, Dictionary<PropertyName, StoredProperty>> _byKey = [];

    public ValueTask<IReadOnlyList<StoredProperty>> GetAsync(LockKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            IReadOnlyList<StoredProperty> found = _byKey.TryGetValue(key, out var properties) ? [.. properties.Values] : [];
            return ValueTask.FromResult(found);
        }
    }

    public ValueTask UpdateAsync(LockKey key, IReadOnlyList<StoredProperty> set, IReadOnlyList<PropertyName> remove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(remove);
        lock (_gate)
        {
            var properties = _byKey.TryGetValue(key, out var existing) ? existing : [];
            foreach (var name in remove)
            {
                properties.Remove(name);
            }

            foreach (var property in set)
            {
                properties[property.Name] = property;
            }

            if (properties.Count == 0)
            {
                _byKey.Remove(key);
            }
            else
            {
                _byKey[key] = properties;
            }
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

    private void Transfer(LockKey from, LockKey to, bool keepSource)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        lock (_gate)
        {
            var moving = _byKey.Where(pair => pair.Key.IsAtOrBelow(from))
                .Select(pair => (Key: new LockKey(to.Tree, to.Path.Append(pair.Key.Path.RelativeTo(from.Path)!)), Properties: new Dictionary<PropertyName, StoredProperty>(pair.Value)))
                .ToList();
            if (!keepSource)
            {
                RemoveTree(from);
            }

            RemoveTree(to);
            foreach (var (key, properties) in moving)
            {
                _byKey[key] = properties;
            }
        }
    }

    private void RemoveTree(LockKey root)
    {
        foreach (var key in _byKey.Keys.Where(key => key.IsAtOrBelow(root)).ToList())
        {
            _byKey.Remove(key);
        }
    }
}
