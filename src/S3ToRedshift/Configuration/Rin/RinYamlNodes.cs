using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GapTools.S3ToRedshift.Configuration.Rin;

/// <summary>
/// Typed reads of a Rin YAML tree that collect every problem as <c>file:line: key: message</c> (never a value).
/// </summary>
internal sealed class RinYamlNodes(string path, List<string> errors)
{
    /// <summary>Records a problem at <paramref name="node"/>'s line.</summary>
    public void Error(YamlNode node, string message) => errors.Add($"{path}:{node.Start.Line}: {message}");

    /// <summary>Records a problem at <paramref name="line"/>.</summary>
    public void Error(long line, string message) => errors.Add($"{path}:{line}: {message}");

    /// <summary>The children of a mapping; unknown keys (not in <paramref name="allowed"/>) and duplicates are errors.</summary>
    public Dictionary<string, YamlNode> Mapping(YamlNode node, string at, string[] allowed)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{Name(at)}: must be a mapping ({string.Join(", ", allowed)})");
            return result;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                Error(keyNode, $"{Name(at, key)}: unknown key (expected one of {string.Join(", ", allowed)})");
            }
            else if (!result.TryAdd(key, value))
            {
                Error(keyNode, $"{Name(at, key)}: appears twice");
            }
        }

        return result;
    }

    /// <summary>A child that is present and not YAML null.</summary>
    public static YamlNode? Child(Dictionary<string, YamlNode> mapping, string key) =>
        mapping.TryGetValue(key, out var node) && !IsNull(node) ? node : null;

    /// <summary>A scalar child; null when absent. <paramref name="emptyIsAbsent"/>: Rin's Go zero value means "not set".</summary>
    public string? String(Dictionary<string, YamlNode> mapping, string key, string at, bool emptyIsAbsent = true)
    {
        if (Child(mapping, key) is not { } node)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return emptyIsAbsent && string.IsNullOrEmpty(scalar.Value) ? null : scalar.Value;
        }

        Error(node, $"{Name(at, key)}: must be a single value");
        return null;
    }

    /// <summary>A whole number child, as text.</summary>
    public string? Integer(Dictionary<string, YamlNode> mapping, string key, string at)
    {
        var text = String(mapping, key, at);
        if (text is null || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return text;
        }

        Error(mapping[key], $"{Name(at, key)}: must be a whole number");
        return null;
    }

    /// <summary>A boolean child as <c>true</c>/<c>false</c> (YAML 1.1 spellings, as go-yaml v2 reads them).</summary>
    public string? Boolean(Dictionary<string, YamlNode> mapping, string key, string at)
    {
        var text = String(mapping, key, at);
        switch (text?.ToUpperInvariant())
        {
            case null:
                return null;
            case "TRUE" or "YES" or "ON" or "Y":
                return "true";
            case "FALSE" or "NO" or "OFF" or "N":
                return "false";
            default:
                Error(mapping[key], $"{Name(at, key)}: must be true or false");
                return null;
        }
    }

    /// <summary>The line of a child, or of <paramref name="fallback"/> when the child is absent.</summary>
    public static long Line(Dictionary<string, YamlNode> mapping, string key, YamlNode fallback) =>
        (mapping.TryGetValue(key, out var node) ? node : fallback).Start.Line;

    /// <summary><c>at.key</c>, or <c>key</c> at the root.</summary>
    public static string Name(string at, string? key = null) =>
        key is null ? (at.Length == 0 ? "(root)" : at) : at.Length == 0 ? key : $"{at}.{key}";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}
