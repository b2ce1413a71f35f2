using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;
using YamlDotNet.RepresentationModel;

namespace GapTools.S3ToRedshift.Configuration.Rin;

/// <summary>
/// One Rin <c>targets[]</c> entry, merged with the global sections as Rin's <c>Config.merge</c> does (an empty
/// target value takes the global one), mapped to <c>Targets:N:*</c> and checked as a route rule, so a problem names
/// the Rin key and its line rather than the GapTools key it became.
/// </summary>
internal static class RinTarget
{
    private static readonly string[] Keys = ["s3", "redshift", "sql_option", "break", "discard"];

    // What picks the database; Rin connects each target on its own, GapTools has one database per worker.
    private static readonly string[] ConnectionKeys = ["driver", "host", "port", "cluster", "workgroup", "dbname", "user", "password"];

    /// <summary>Adds <c>Targets:<paramref name="index"/>:*</c> to <paramref name="data"/>.</summary>
    public static void Map(RinYamlNodes nodes, YamlNode node, int index, RinDefaults defaults, Dictionary<string, string?> data)
    {
        var at = $"targets[{index}]";
        var target = nodes.Mapping(node, at, Keys);
        var s3 = RinYamlNodes.Child(target, "s3") is { } ts ? nodes.Mapping(ts, at + ".s3", RinConfigReader.S3Keys) : [];
        var redshift = RinYamlNodes.Child(target, "redshift") is { } tr ? nodes.Mapping(tr, at + ".redshift", RinConfigReader.RedshiftKeys) : [];
        var problems = false;
        var differing = ConnectionKeys.Where(redshift.ContainsKey)
            .Where(key => !string.Equals(nodes.String(redshift, key, at + ".redshift"), nodes.String(defaults.Redshift, key, "redshift"), StringComparison.Ordinal))
            .ToList();
        if (differing.Count > 0)
        {
            nodes.Error(redshift[differing[0]], $"{at}.redshift: {string.Join(", ", differing)} differ from redshift: a different database per target is not supported (Rin connects each target on its own); run one s3-to-redshift per database, each with its own config");
        }

        _ = nodes.Boolean(redshift, "reconnect_on_error", at + ".redshift");
        var bucket = Pick(nodes, s3, defaults.S3, "s3", "bucket", at);
        var prefix = Pick(nodes, s3, defaults.S3, "s3", "key_prefix", at);
        var regexp = Pick(nodes, s3, defaults.S3, "s3", "key_regexp", at);
        var schema = Pick(nodes, redshift, defaults.Redshift, "redshift", "schema", at);
        var table = Pick(nodes, redshift, defaults.Redshift, "redshift", "table", at);
        var sqlOption = nodes.String(target, "sql_option", at);
        if (prefix.Text is not null && regexp.Text is not null)
        {
            // Rin's merge fills an empty target key_prefix/key_regexp from the global one, then prefers key_prefix.
            nodes.Error(regexp.Node!, $"{regexp.Name}: Rin ignores it for {at} because {prefix.Name} (line {prefix.Node!.Start.Line}) applies too and wins; keep only one (GapTools: Targets:{index}:KeyPrefix or Targets:{index}:KeyRegex)");
            problems = true;
        }
        else if (prefix.Text is null && regexp.Text is null)
        {
            nodes.Error(node, $"{at}.s3: key_prefix or key_regexp is required, here or in s3 (Rin: target.key_prefix or key_regexp is not defined)");
            problems = true;
        }

        if (CopyParameters.Validate(sqlOption) is { } parameterProblem)
        {
            nodes.Error(target["sql_option"], $"{at}.sql_option: must not {parameterProblem}");
        }

        var discard = nodes.Boolean(target, "discard", at);

        // A discard ends the object's targets in Rin and here alike (Router), so it maps as it is.
        var stop = nodes.Boolean(target, "break", at);
        var prefixKey = $"Targets:{index}:";
        Set(data, prefixKey + "Bucket", bucket.Text);
        Set(data, prefixKey + "KeyPrefix", prefix.Text);
        Set(data, prefixKey + "KeyRegex", regexp.Text);
        Set(data, prefixKey + "Region", nodes.String(s3, "region", at + ".s3"));
        Set(data, prefixKey + "Schema", schema.Text);
        Set(data, prefixKey + "Table", table.Text);
        Set(data, prefixKey + "CopyParameters", sqlOption);
        Set(data, prefixKey + "Break", stop);
        Set(data, prefixKey + "Discard", discard);
        if (problems)
        {
            return;
        }

        var spec = new RouteRuleSpec(bucket.Text, prefix.Text, regexp.Text, schema.Text, table.Text, Discard: discard == "true");
        _ = RouteRule.TryCreate(index, spec, "", out _, out var routeProblems);
        foreach (var message in routeProblems)
        {
            // Route messages start with the GapTools field they are about ("Table '$2' refers to …").
            var space = message.IndexOf(' ', StringComparison.Ordinal);
            var field = space > 0 ? message[..space] : "";
            RinValue? value = field switch
            {
                "Bucket" => bucket,
                "KeyRegex" => regexp,
                "Schema" => schema,
                "Table" => table,
                _ => null,
            };
            nodes.Error(
                value?.Node ?? node,
                value is null ? $"{at}: {message} (GapTools: Targets:{index})" : $"{value.Name}: {message[(space + 1)..]} (GapTools: Targets:{index}:{field})");
        }
    }

    // The target's own non-empty value, else the global one (Rin's merge), with where it came from.
    private static RinValue Pick(RinYamlNodes nodes, Dictionary<string, YamlNode> own, Dictionary<string, YamlNode> global, string section, string key, string at)
    {
        if (nodes.String(own, key, $"{at}.{section}") is { } text)
        {
            return new RinValue(text, own[key], $"{at}.{section}.{key}");
        }

        return nodes.String(global, key, section) is { } inherited
            ? new RinValue(inherited, global[key], $"{section}.{key}")
            : new RinValue(null, null, $"{at}.{section}.{key}");
    }

    private static void Set(Dictionary<string, string?> data, string key, string? value)
    {
        if (value is not null)
        {
            data[key] = value;
        }
    }

    private sealed record RinValue(string? Text, YamlNode? Node, string Name);
}
