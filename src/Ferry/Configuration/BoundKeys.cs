using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Ferry.Configuration;

/// <summary>
/// For a section read with the framework's binder (<see cref="ConfigurationProblems.Bind{T}"/>):
/// its keys come from the options type itself, as the binder sees it (public properties that can be
/// set, and a record's constructor parameters), so the type is the one place they are declared.
/// Register it with <c>("Admin", BoundKeys.Of&lt;AdminOptions&gt;())</c> in <see cref="KnownKeys.Root"/>.
/// </summary>
public static class BoundKeys
{
    /// <summary>Nested options deeper than this are taken as they come: no options type nests so far, and a cycle must end.</summary>
    private const int MaxDepth = 8;

    public static ConfigKey Of<T>() => Of(typeof(T), 0);

    private static ConfigKey Of(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            return ConfigKey.Value();
        }

        if (depth >= MaxDepth)
        {
            return ConfigKey.Anything;
        }

        if (Dictionary(type) is { } valueType)
        {
            return ConfigKey.MapOf(Of(valueType, depth + 1));
        }

        if (Element(type) is { } elementType)
        {
            return ConfigKey.ListOf(Of(elementType, depth + 1));
        }

        var defaults = type.GetConstructor(Type.EmptyTypes) is { } constructor ? constructor.Invoke(null) : null;
        var keys = new Dictionary<string, ConfigKey>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && (property.SetMethod?.IsPublic == true || IsConstructorParameter(type, property.Name)))
            {
                var key = Of(property.PropertyType, depth + 1);
                keys[property.Name] = key is ValueKey && defaults is not null && property.GetValue(defaults) is { } value
                    ? ConfigKey.Value(Convert.ToString(value, CultureInfo.InvariantCulture))
                    : key;
            }
        }

        return ConfigKey.Section([.. keys.Select(k => (k.Key, k.Value))]);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri)
        || type == typeof(System.Net.IPAddress);

    private static Type? Dictionary(Type type) =>
        new[] { type }.Concat(type.GetInterfaces())
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)))
            ?.GetGenericArguments()[1];

    private static Type? Element(Type type) =>
        type.IsArray ? type.GetElementType()
            : typeof(IEnumerable).IsAssignableFrom(type) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                ? new[] { type }.Concat(type.GetInterfaces()).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
                : null;

    private static bool IsConstructorParameter(Type type, string name) =>
        type.GetConstructors().Any(c => c.GetParameters().Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)));
}
