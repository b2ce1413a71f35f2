using System.Collections;
using System.Reflection;

namespace GapTools.Testing;

/// <summary>
/// The configuration keys an options type binds, derived by reflection the way the configuration binder walks it:
/// <c>Batch:MaxObjects</c>, <c>*</c> for a list index or dictionary key. What a tool's ConfigurationKeys.txt must
/// say (a test compares them), and what its README's tables must document.
/// </summary>
public static class OptionsKeyPatterns
{
    public static IReadOnlyList<string> Of(Type options, string prefix = "")
    {
        var keys = new List<string>();
        Walk(options, prefix, keys, depth: 0);
        return keys;
    }

    /// <summary>The ConfigurationKeys.txt content for <paramref name="keys"/> (printed by a failing test, to paste).</summary>
    public static string FileText(IEnumerable<string> keys) =>
        string.Join('\n', keys.Order(StringComparer.OrdinalIgnoreCase)) + '\n';

    private static void Walk(Type type, string prefix, List<string> keys, int depth)
    {
        if (depth > 8)
        {
            throw new InvalidOperationException($"{type} nests too deep at {prefix}: a cycle?");
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetSetMethod() is null || property.GetIndexParameters().Length > 0)
            {
                continue; // the binder sets only what has a public setter
            }

            Add(property.PropertyType, prefix + property.Name, keys, depth);
        }
    }

    private static void Add(Type type, string key, List<string> keys, int depth)
    {
        if (IsLeaf(type))
        {
            keys.Add(key);
        }
        else if (DictionaryValue(type) is { } value)
        {
            Add(value, key + ":*", keys, depth + 1);
        }
        else if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            Add(ElementType(type), key + ":*", keys, depth + 1);
        }
        else
        {
            Walk(type, key + ":", keys, depth + 1);
        }
    }

    private static bool IsLeaf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid);
    }

    private static Type? DictionaryValue(Type type) =>
        Generic(type, typeof(IDictionary<,>)) is { } dictionary ? dictionary.GetGenericArguments()[1]
        : Generic(type, typeof(IReadOnlyDictionary<,>)) is { } readOnly ? readOnly.GetGenericArguments()[1]
        : null;

    private static Type ElementType(Type type) =>
        type.IsArray ? type.GetElementType()!
        : Generic(type, typeof(IEnumerable<>))?.GetGenericArguments()[0]
          ?? throw new InvalidOperationException($"{type} is a collection of unknown elements.");

    private static Type? Generic(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
