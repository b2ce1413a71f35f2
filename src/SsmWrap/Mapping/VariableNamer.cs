using System.Text;

namespace GapTools.SsmWrap.Mapping;

/// <summary>Turns a parameter name (plus JSON keys or list indexes) into a variable name or configuration key.</summary>
internal static class VariableNamer
{
    /// <summary>The path segments a name starts from: the last one, the entire path, or the path below the selector.</summary>
    public static IReadOnlyList<string> BaseSegments(string parameterName, ParameterSelector selector, VariableMapping mapping, KeyFormat format)
    {
        var all = parameterName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (mapping.EntirePath)
        {
            return all;
        }

        var hierarchical = format == KeyFormat.Configuration || mapping.Style == NameStyle.Dotnet;
        if (!hierarchical || selector.Depth == SelectorDepth.Exact)
        {
            // ssmwrap names by the last segment; collisions this causes are reported, not overwritten.
            return all.Length == 0 ? [parameterName] : [all[^1]];
        }

        var below = selector.Path == "/" ? parameterName : parameterName[(selector.Path.Length + 1)..];
        return below.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    public static string Compose(IEnumerable<string> segments, VariableMapping mapping, KeyFormat format)
    {
        if (format == KeyFormat.Configuration)
        {
            return string.Join(':', segments);
        }

        // ssmwrap v2: prefix + name, then the whole upper-cased; '.' and '-' stay unless the rule asks otherwise.
        var joined = mapping.Prefix + string.Join(mapping.Style == NameStyle.Dotnet ? "__" : "_", segments);
        return Finish(mapping.EffectiveCase == NameCase.Upper ? joined.ToUpperInvariant() : joined, mapping);
    }

    /// <summary>An exact name (an env rule's <c>to=</c>), kept as given, followed by JSON keys or list indexes named as usual.</summary>
    public static string ComposeFrom(string name, IEnumerable<string> more, VariableMapping mapping, KeyFormat format)
    {
        var rest = more.ToList();
        if (rest.Count == 0)
        {
            return name;
        }

        if (format == KeyFormat.Configuration)
        {
            return name + ":" + string.Join(':', rest);
        }

        var separator = mapping.Style == NameStyle.Dotnet ? "__" : "_";
        var suffix = string.Join(separator, rest);
        return Finish(name + separator + (mapping.EffectiveCase == NameCase.Upper ? suffix.ToUpperInvariant() : suffix), mapping);
    }

    /// <summary>True for a name a POSIX shell can expand: <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    public static bool IsShellName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>A valid POSIX name (<c>sanitize=true</c>): every other character becomes <c>_</c>, a leading digit gets one in front.</summary>
    public static string Sanitise(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }

    private static string Finish(string name, VariableMapping mapping) => mapping.Sanitize ? Sanitise(name) : name;
}
