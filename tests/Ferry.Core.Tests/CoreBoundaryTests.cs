using System.Reflection;
using System.Runtime.InteropServices;
using Ferry.Core.Files;

namespace Ferry.Core.Tests;

/// <summary>
/// Core is shared by every protocol and every storage backend (docs/architecture.md): these facts
/// keep it so. Each fails when someone adds what Core must not hold.
/// </summary>
public sealed class CoreBoundaryTests
{
    private static readonly Assembly Core = typeof(FileService).Assembly;

    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void Core_references_no_other_Ferry_assembly()
    {
        var ferry = Core.GetReferencedAssemblies().Select(a => a.Name).Where(n => n is not null && n.StartsWith("Ferry", StringComparison.Ordinal));

        Assert.Empty(ferry);
    }

    [Fact]
    public void Core_calls_no_native_code()
    {
        var native = Core.GetTypes()
            .SelectMany(t => t.GetMethods(Everything))
            .Where(m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl) || m.GetCustomAttribute<LibraryImportAttribute>() is not null)
            .Select(m => $"{m.DeclaringType}.{m.Name}");

        Assert.Empty(native);
    }

    [Fact]
    public void No_public_contract_of_Core_hands_out_or_takes_a_FileStream()
    {
        var leaks = PublicMembers()
            .Where(m => SignatureTypes(m).Any(t => typeof(FileStream).IsAssignableFrom(t)))
            .Select(m => $"{m.DeclaringType}.{m.Name}");

        Assert.Empty(leaks);
    }

    [Fact]
    public void No_type_or_public_member_of_Core_is_named_after_a_protocol()
    {
        string[] protocols = ["Ftp", "WebDav", "Http", "Dav"];
        var named = Core.GetTypes().Select(t => t.FullName ?? t.Name)
            .Concat(PublicMembers().Select(m => m.Name))
            .Where(name => protocols.Any(p => name.Contains(p, StringComparison.OrdinalIgnoreCase)));

        Assert.Empty(named);
    }

    private static IEnumerable<MemberInfo> PublicMembers() =>
        Core.GetExportedTypes().SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly));

    private static IEnumerable<Type> SignatureTypes(MemberInfo member) => member switch
    {
        MethodInfo method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType).SelectMany(Unwrap),
        ConstructorInfo constructor => constructor.GetParameters().Select(p => p.ParameterType).SelectMany(Unwrap),
        PropertyInfo property => Unwrap(property.PropertyType),
        FieldInfo field => Unwrap(field.FieldType),
        _ => [],
    };

    /// <summary>A type and the types inside it (ValueTask&lt;FileStream&gt;, FileStream[], ref FileStream).</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            foreach (var inner in Unwrap(element))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return argument;
            }
        }
    }
}
