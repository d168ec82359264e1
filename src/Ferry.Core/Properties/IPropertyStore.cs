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
    /// <summary>The properties stored at <paramref name="key"/> (none when there are none), in no particular order.</summary>
    ValueTask<IReadOnlyList<StoredProperty>> GetAsync(LockKey key, CancellationToken cancellationToken);

    /// <summary>
    /// The properties of every direct member of the folder at <paramref name="folder"/>, by member
    /// name; members without properties are absent. One call instead of one per member, so that a
    /// listing of a large folder costs one look-up.
    /// </summary>
    ValueTask<IReadOnlyDictionary<string, IReadOnlyList<StoredProperty>>> GetChildrenAsync(LockKey folder, CancellationToken cancellationToken);

    /// <summary>
    /// Sets and removes properties at <paramref name="key"/> in one step: all or nothing. A name in
    /// both lists is removed and then set. Removing a property that is not there is no error.
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
public sealed record PropertyName(string Namespace, string LocalName)
{
    public string Namespace { get; } = Namespace ?? throw new ArgumentNullException(nameof(Namespace));

    public string LocalName { get; } = !string.IsNullOrEmpty(LocalName) ? LocalName : throw new ArgumentException("A property needs a local name.", nameof(LocalName));

    public override string ToString() => $"{{{Namespace}}}{LocalName}";
}

/// <summary>
/// A stored property: its name and the whole property element as the client sent it, serialised as
/// self-contained XML (the element with its attributes, its content, the namespace declarations the
/// element and its content use, and the xml:lang in scope), so that it can be written back as it
/// came: mixed content, nested elements, namespaces and characters beyond the BMP included.
/// </summary>
public sealed record StoredProperty(PropertyName Name, string ElementXml)
{
    public PropertyName Name { get; } = Name ?? throw new ArgumentNullException(nameof(Name));

    public string ElementXml { get; } = ElementXml ?? throw new ArgumentNullException(nameof(ElementXml));
}
