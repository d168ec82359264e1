using System.Collections.Immutable;

namespace Ferry.Configuration;

/// <summary>
/// The shape of a configuration key, declared beside the loader that reads it, so that a key the
/// loader does not read is refused (a misspelled "Tsl" must not start the server with TLS optional).
/// </summary>
public abstract record ConfigKey
{
    /// <summary>A single value; <paramref name="Default"/> is shown by `ferry config print` when it is not set.</summary>
    public static ConfigKey Value(string? defaultText = null) => new ValueKey(defaultText, Secret: false);

    /// <summary>A value `ferry config print` masks (password hashes, passwords).</summary>
    public static ConfigKey SecretValue() => new ValueKey(null, Secret: true);

    /// <summary>Named keys; any other name is an unknown key.</summary>
    public static ConfigKey Section(params (string Name, ConfigKey Key)[] keys) =>
        new SectionKey(keys.ToImmutableDictionary(k => k.Name, k => k.Key, StringComparer.OrdinalIgnoreCase));

    /// <summary>A JSON array: children 0, 1, 2... each of shape <paramref name="item"/>.</summary>
    public static ConfigKey ListOf(ConfigKey item) => new ListKey(item, SingleAllowed: false);

    /// <summary>One value or a list of them.</summary>
    public static ConfigKey ValueOrList() => new ListKey(Value(), SingleAllowed: true);

    /// <summary>Names chosen by the administrator (log categories, folder paths), each of shape <paramref name="value"/>.</summary>
    public static ConfigKey MapOf(ConfigKey value) => new MapKey(value);

    /// <summary>Read by a library with its own rules (a logging provider's options): not checked here.</summary>
    public static ConfigKey Anything { get; } = new AnythingKey();
}

public sealed record ValueKey(string? Default, bool Secret) : ConfigKey;

public sealed record SectionKey(ImmutableDictionary<string, ConfigKey> Keys) : ConfigKey
{
    /// <summary>This section with more keys, for a section that gains keys in another file.</summary>
    public SectionKey With(params (string Name, ConfigKey Key)[] keys) => new(Keys.SetItems(keys.Select(k => KeyValuePair.Create(k.Name, k.Key))));
}

public sealed record ListKey(ConfigKey Item, bool SingleAllowed) : ConfigKey;

public sealed record MapKey(ConfigKey Entry) : ConfigKey;

public sealed record AnythingKey : ConfigKey;
