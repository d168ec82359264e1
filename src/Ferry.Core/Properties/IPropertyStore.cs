using Ferry.Core.Access.Locks;

namespace Ferry.Core.Properties;

/// <summary>
/// Properties that clients attach to files and folders and that the server keeps but does not
/// interpret (a title, an author, Windows' file attributes). Keyed by location in the shared
/// namespace, the same <see cref="LockKey"/> the lock table uses, so two accounts whose homes overlap
/// see one file's properties alike. Properties follow their file: whoever copies, moves or deletes
/// a file or a folder calls the matching method here after the storage did it.
/// One per process (embedded database) or per cluster (shared database).
/// </summary>
public interface IPropertyStore
{
    /// <summary>The properties stored at <paramref name="key"/> (none when there are none).</summary>
    ValueTask<IReadOnlyList<StoredProperty>> GetAsync(LockKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Sets and removes properties at <paramref name="key"/> in one step: all or nothing. Removing a
    /// property that is not there is no error.
    /// </summary>
    ValueTask UpdateAsync(LockKey key, IReadOnlyList<StoredProperty> set, IReadOnlyList<PropertyName> remove, CancellationToken cancellationToken);

    /// <summary>Copies the properties of <paramref name="from"/> and everything below it to the same places below <paramref name="to"/>, replacing what was there.</summary>
    ValueTask CopyAsync(LockKey from, LockKey to, CancellationToken cancellationToken);

    /// <summary>Moves the properties of <paramref name="from"/> and everything below it to <paramref name="to"/>, replacing what was there.</summary>
    ValueTask MoveAsync(LockKey from, LockKey to, CancellationToken cancellationToken);

    /// <summary>Forgets the properties of <paramref name="key"/> and everything below it.</summary>
    ValueTask DeleteAsync(LockKey key, CancellationToken cancellationToken);
}

/// <summary>A property's name: a namespace URI (possibly empty) and a local name.</summary>
public sealed record PropertyName(string Namespace, string LocalName);

/// <summary>
/// A stored property: its name and its value as the client sent it, serialised as an XML fragment
/// (the element's content, with the namespace declarations it needs), kept byte for byte.
/// </summary>
public sealed record StoredProperty(PropertyName Name, string ValueXml);
