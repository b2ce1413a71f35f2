using System.Globalization;
using GapTools.SsmWrap.Mapping;

namespace GapTools.SsmWrap;

/// <summary>Reads and writes ssmwrap's <c>key=value,key=value</c> rule syntax.</summary>
internal static class RuleSyntax
{
    internal const string EnvType = "env";
    internal const string FileType = "file";

    private static readonly string[] CommonKeys = ["path", "type", "optional"];
    private static readonly string[] MappingKeys = ["prefix", "entirepath", "case", "style", "sanitize", "json", "stringlist"];
    private static readonly string[] FileKeys = ["to", "mode", "uid", "gid", "format"];
    private static readonly string[] EnvKeys = ["to"];
    private static readonly string[] NotWithEnvTo = ["prefix", "entirepath"];

    public static SsmRule Parse(string text, string? impliedType)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return ParseFields(Split(text), impliedType);
        }
        catch (FormatException e)
        {
            throw new FormatException($"invalid rule '{text}': {e.Message}", e);
        }
    }

    public static string Format(SsmRule rule)
    {
        var fields = new List<string> { "path=" + rule.Selector };
        var mapping = rule.Destination.Mapping;
        switch (rule.Destination)
        {
            case FileDestination file:
                fields.Add("type=file");
                fields.Add("to=" + file.To);
                AddIf(fields, file.Mode != SsmWrapDefaults.FileMode, "mode=" + FormatMode(file.Mode));
                AddIf(fields, file.Uid is not null, "uid=" + file.Uid?.ToString(CultureInfo.InvariantCulture));
                AddIf(fields, file.Gid is not null, "gid=" + file.Gid?.ToString(CultureInfo.InvariantCulture));
                AddIf(fields, file.Format != FileFormat.Raw, "format=" + Lower(file.Format));
                break;
            case EnvDestination env:
                fields.Add("type=env");
                AddIf(fields, env.To is not null, "to=" + env.To);
                break;
            default:
                fields.Add("type=env");
                break;
        }

        AddIf(fields, mapping.Prefix.Length > 0, "prefix=" + mapping.Prefix);
        AddIf(fields, mapping.EntirePath, "entirepath=true");
        AddIf(fields, mapping.Case is not null, "case=" + Lower(mapping.Case.GetValueOrDefault()));
        AddIf(fields, mapping.Style != NameStyle.Posix, "style=" + Lower(mapping.Style));
        AddIf(fields, mapping.Sanitize, "sanitize=true");
        AddIf(fields, mapping.Json, "json=true");
        AddIf(fields, mapping.StringList == StringListMode.Indexed, "stringlist=index"); // the only non-default
        AddIf(fields, rule.Optional, "optional=true");
        return string.Join(',', fields);
    }

    internal static string FormatMode(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0');

    private static SsmRule ParseFields(Dictionary<string, string> fields, string? impliedType)
    {
        var type = fields.GetValueOrDefault("type") ?? impliedType
            ?? throw new FormatException("type=env or type=file is required");
        if (impliedType is not null && type != impliedType)
        {
            throw new FormatException($"type={type} conflicts with the -{impliedType} flag");
        }

        var selector = ParameterSelector.Parse(fields.GetValueOrDefault("path")
            ?? throw new FormatException("path=... is required"));
        var mapping = ParseMapping(fields);
        ParameterDestination destination = type switch
        {
            EnvType => ParseEnv(fields, mapping),
            FileType => ParseFile(fields, mapping, selector),
            _ => throw new FormatException($"type must be env or file, not '{type}'"),
        };
        return new SsmRule(selector, destination) { Optional = ParseBool(fields, "optional") };
    }

    private static EnvDestination ParseEnv(Dictionary<string, string> fields, VariableMapping mapping)
    {
        RejectUnknown(fields, [.. CommonKeys, .. MappingKeys, .. EnvKeys]);
        if (!fields.TryGetValue("to", out var to))
        {
            return new EnvDestination { Mapping = mapping };
        }

        if (!VariableNamer.IsShellName(to))
        {
            throw new FormatException($"to= must be a variable name (letters, digits and _, not starting with a digit), not '{to}'");
        }

        if (NotWithEnvTo.FirstOrDefault(fields.ContainsKey) is { } naming)
        {
            throw new FormatException($"to= names the variable exactly; it cannot be combined with {naming}=");
        }

        return new EnvDestination { Mapping = mapping, To = to };
    }

    private static FileDestination ParseFile(Dictionary<string, string> fields, VariableMapping mapping, ParameterSelector selector)
    {
        RejectUnknown(fields, [.. CommonKeys, .. MappingKeys, .. FileKeys]);
        var format = ParseEnum(fields, "format", FileFormat.Raw, ("raw", FileFormat.Raw), ("dotenv", FileFormat.Dotenv), ("json", FileFormat.Json));
        if (format == FileFormat.Raw && selector.Depth != SelectorDepth.Exact)
        {
            throw new FormatException("a raw file holds one parameter: use an exact path, or format=dotenv|json for a path");
        }

        if (format == FileFormat.Raw && MappingKeys.FirstOrDefault(fields.ContainsKey) is { } namingKey)
        {
            throw new FormatException($"{namingKey}= applies to env rules and format=dotenv|json files, not raw files");
        }

        return new FileDestination(fields.GetValueOrDefault("to") is { Length: > 0 } to ? to : throw new FormatException("to=FILE is required for a file rule"))
        {
            Mode = ParseMode(fields),
            Uid = ParseId(fields, "uid"),
            Gid = ParseId(fields, "gid"),
            Format = format,
            Mapping = mapping,
        };
    }

    private static VariableMapping ParseMapping(Dictionary<string, string> fields) => new()
    {
        Prefix = fields.GetValueOrDefault("prefix") ?? "",
        EntirePath = ParseBool(fields, "entirepath"),
        Case = fields.ContainsKey("case") ? ParseEnum(fields, "case", NameCase.Upper, ("upper", NameCase.Upper), ("keep", NameCase.Keep)) : null,
        Style = ParseEnum(fields, "style", NameStyle.Posix, ("posix", NameStyle.Posix), ("dotnet", NameStyle.Dotnet)),
        Sanitize = ParseBool(fields, "sanitize"),
        Json = ParseBool(fields, "json"),
        StringList = ParseEnum(fields, "stringlist", StringListMode.Joined, ("joined", StringListMode.Joined), ("index", StringListMode.Indexed)),
    };

    private static Dictionary<string, string> Split(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"'{part}' is not key=value");
            }

            var key = part[..eq].Trim();
            if (!fields.TryAdd(key, part[(eq + 1)..].Trim()))
            {
                throw new FormatException($"{key}= is given twice");
            }
        }

        return fields;
    }

    private static void RejectUnknown(Dictionary<string, string> fields, string[] allowed)
    {
        if (fields.Keys.FirstOrDefault(k => !allowed.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            throw new FormatException($"unknown key '{unknown}' (known: {string.Join(", ", allowed)})");
        }
    }

    // What Go's strconv.ParseBool (ssmwrap's entirepath=) takes: true/false in any case, t/f, 1/0.
    private static bool ParseBool(Dictionary<string, string> fields, string key) =>
        fields.GetValueOrDefault(key) switch
        {
            null => false,
            var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) || text is "1" or "t" or "T" => true,
            var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) || text is "0" or "f" or "F" => false,
            var other => throw new FormatException($"{key}= must be true or false, not '{other}'"),
        };

    private static T ParseEnum<T>(Dictionary<string, string> fields, string key, T fallback, params (string Name, T Value)[] choices)
    {
        if (!fields.TryGetValue(key, out var text))
        {
            return fallback;
        }

        foreach (var (name, value) in choices)
        {
            if (name.Equals(text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new FormatException($"{key}= must be one of {string.Join('|', choices.Select(c => c.Name))}, not '{text}'");
    }

    private static UnixFileMode ParseMode(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("mode", out var text))
        {
            return SsmWrapDefaults.FileMode;
        }

        var valid = text.Length is > 0 and <= 4 && text.All(c => c is >= '0' and <= '7');
        return valid ? (UnixFileMode)Convert.ToInt32(text, 8) : throw new FormatException($"mode= must be octal permission bits like 0600, not '{text}'");
    }

    private static int? ParseId(Dictionary<string, string> fields, string key) =>
        !fields.TryGetValue(key, out var text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : throw new FormatException($"{key}= must be a non-negative number, not '{text}'");

    private static void AddIf(List<string> fields, bool condition, string field)
    {
        if (condition)
        {
            fields.Add(field);
        }
    }

#pragma warning disable CA1308 // The CLI syntax is lower case; these are our enum names, not user text.
    private static string Lower(Enum value) => value.ToString().ToLowerInvariant();
#pragma warning restore CA1308
}
