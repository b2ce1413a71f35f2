using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GapTools.S3ToRedshift.Configuration.Rin;

/// <summary>
/// Reads a fujiwara/Rin <c>config.yaml</c> into S3ToRedshift configuration keys (relative to the section), so a
/// Rin user can switch without rewriting it. Global <c>s3</c>/<c>redshift</c>/<c>sql_option</c> values are
/// defaults merged into each target, as in Rin. Unknown keys are errors naming their path and line. Pure.
/// </summary>
internal static class RinConfigReader
{
    /// <summary>The key <c>queue_name</c> maps to (the configuration source moves it to <c>Sqs:Queue</c>).</summary>
    public const string QueueKey = "Sqs:Queue";

    private static readonly string[] TopKeys = ["queue_name", "credentials", "redshift", "s3", "sql_option", "targets"];
    private static readonly string[] CredentialKeys = ["aws_access_key_id", "aws_secret_access_key", "aws_region", "region"];
    private static readonly string[] RedshiftKeys = ["host", "port", "dbname", "user", "password", "schema", "table", "driver"];
    private static readonly string[] ConnectionKeys = ["host", "port", "dbname", "user", "password", "driver"];
    private static readonly string[] S3Keys = ["bucket", "region", "key_prefix", "key_regexp"];
    private static readonly string[] TargetKeys = ["s3", "redshift", "sql_option", "break", "discard"];

    /// <summary>Returns the configuration keys, or throws <see cref="RinConfigException"/> listing every problem.</summary>
    public static IReadOnlyDictionary<string, string?> Read(string yaml, string path, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(environment);
        var errors = new List<string>();
        var expanded = RinTemplate.Expand(yaml, environment, errors);
        var reader = new Reader(errors);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(expanded));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                errors.Add("the document must be a mapping (queue_name, credentials, redshift, s3, sql_option, targets)");
            }
            else
            {
                Map(reader, root, data);
            }
        }
        catch (YamlException e)
        {
            errors.Add($"line {e.Start.Line}: not valid YAML ({FirstLine(e.Message)})");
        }

        if (errors.Count > 0)
        {
            throw new RinConfigException(path, errors);
        }

        return data;
    }

    private static void Map(Reader reader, YamlMappingNode root, Dictionary<string, string?> data)
    {
        var top = reader.Mapping(root, "", TopKeys);
        Set(data, QueueKey, reader.String(top, "queue_name", ""));

        if (Reader.Child(top, "credentials") is { } credentialsNode)
        {
            var credentials = reader.Mapping(credentialsNode, "credentials", CredentialKeys);
            Set(data, "Aws:AccessKeyId", reader.String(credentials, "aws_access_key_id", "credentials"));
            Set(data, "Aws:SecretAccessKey", reader.String(credentials, "aws_secret_access_key", "credentials"));
            Set(data, "Aws:Region", reader.String(credentials, "aws_region", "credentials") ?? reader.String(credentials, "region", "credentials"));
            if (credentials.ContainsKey("aws_access_key_id"))
            {
                // Rin authorizes COPY with these keys (CREDENTIALS 'aws_access_key_id=…').
                data["Copy:Authorization"] = nameof(CopyAuthorization.WorkerCredentials);
            }
        }

        var redshift = Reader.Child(top, "redshift") is { } r ? reader.Mapping(r, "redshift", RedshiftKeys) : [];
        Set(data, "Redshift:Host", reader.String(redshift, "host", "redshift"));
        Set(data, "Redshift:Port", reader.Integer(redshift, "port", "redshift"));
        Set(data, "Redshift:Database", reader.String(redshift, "dbname", "redshift"));
        Set(data, "Redshift:User", reader.String(redshift, "user", "redshift"));
        Set(data, "Redshift:Password", reader.String(redshift, "password", "redshift"));
        Set(data, "Redshift:Transport", reader.Driver(redshift, "redshift"));

        var s3 = Reader.Child(top, "s3") is { } s ? reader.Mapping(s, "s3", S3Keys) : [];
        Set(data, "Copy:Region", reader.String(s3, "region", "s3"));
        Set(data, "Copy:Parameters", reader.String(top, "sql_option", ""));

        if (Reader.Child(top, "targets") is not { } targetsNode)
        {
            reader.Error(root, "targets: is required");
            return;
        }

        if (targetsNode is not YamlSequenceNode targets)
        {
            reader.Error(targetsNode, "targets: must be a list");
            return;
        }

        var index = 0;
        foreach (var node in targets.Children)
        {
            var at = $"targets[{index}]";
            var target = reader.Mapping(node, at, TargetKeys);
            var targetS3 = Reader.Child(target, "s3") is { } ts ? reader.Mapping(ts, at + ".s3", S3Keys) : [];
            var targetRedshift = Reader.Child(target, "redshift") is { } tr ? reader.Mapping(tr, at + ".redshift", RedshiftKeys) : [];
            foreach (var key in ConnectionKeys.Where(targetRedshift.ContainsKey))
            {
                if (!string.Equals(reader.String(targetRedshift, key, at + ".redshift"), reader.String(redshift, key, "redshift"), StringComparison.Ordinal))
                {
                    reader.Error(targetRedshift[key], $"{at}.redshift.{key}: a different database per target is not supported; only schema and table may differ");
                }
            }

            var prefix = $"Targets:{index}:";
            var hasOwnKey = targetS3.ContainsKey("key_prefix") || targetS3.ContainsKey("key_regexp");
            Set(data, prefix + "Bucket", reader.String(targetS3, "bucket", at + ".s3") ?? reader.String(s3, "bucket", "s3"));
            Set(data, prefix + "KeyPrefix", hasOwnKey ? reader.String(targetS3, "key_prefix", at + ".s3") : reader.String(s3, "key_prefix", "s3"));
            Set(data, prefix + "KeyRegex", hasOwnKey ? reader.String(targetS3, "key_regexp", at + ".s3") : reader.String(s3, "key_regexp", "s3"));
            Set(data, prefix + "Region", reader.String(targetS3, "region", at + ".s3"));
            Set(data, prefix + "Schema", reader.String(targetRedshift, "schema", at + ".redshift") ?? reader.String(redshift, "schema", "redshift"));
            Set(data, prefix + "Table", reader.String(targetRedshift, "table", at + ".redshift") ?? reader.String(redshift, "table", "redshift"));
            Set(data, prefix + "CopyParameters", reader.String(target, "sql_option", at));
            Set(data, prefix + "Break", reader.Boolean(target, "break", at));
            Set(data, prefix + "Discard", reader.Boolean(target, "discard", at));
            index++;
        }
    }

    private static void Set(Dictionary<string, string?> data, string key, string? value)
    {
        if (value is not null)
        {
            data[key] = value;
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private sealed class Reader(List<string> errors)
    {
        public void Error(YamlNode node, string message) => errors.Add($"line {node.Start.Line}: {message}");

        public Dictionary<string, YamlNode> Mapping(YamlNode node, string path, string[] allowed)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            if (node is not YamlMappingNode mapping)
            {
                Error(node, $"{Name(path)}: must be a mapping ({string.Join(", ", allowed)})");
                return result;
            }

            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var full = path.Length == 0 ? key : $"{path}.{key}";
                if (!allowed.Contains(key, StringComparer.Ordinal))
                {
                    Error(keyNode, $"{full}: unknown key (expected one of {string.Join(", ", allowed)})");
                }
                else if (!result.TryAdd(key, value))
                {
                    Error(keyNode, $"{full}: appears twice");
                }
            }

            return result;
        }

        public static YamlNode? Child(Dictionary<string, YamlNode> mapping, string key) =>
            mapping.TryGetValue(key, out var node) && !IsNull(node) ? node : null;

        public string? String(Dictionary<string, YamlNode> mapping, string key, string path)
        {
            if (Child(mapping, key) is not { } node)
            {
                return null;
            }

            if (node is YamlScalarNode scalar)
            {
                return scalar.Value;
            }

            Error(node, $"{Name(path, key)}: must be a single value");
            return null;
        }

        public string? Integer(Dictionary<string, YamlNode> mapping, string key, string path)
        {
            var text = String(mapping, key, path);
            if (text is null)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return text;
            }

            Error(mapping[key], $"{Name(path, key)}: must be a whole number");
            return null;
        }

        public string? Boolean(Dictionary<string, YamlNode> mapping, string key, string path)
        {
            var text = String(mapping, key, path);
            switch (text?.ToUpperInvariant())
            {
                case null:
                    return null;
                case "TRUE" or "YES" or "ON":
                    return "true";
                case "FALSE" or "NO" or "OFF":
                    return "false";
                default:
                    Error(mapping[key], $"{Name(path, key)}: must be true or false");
                    return null;
            }
        }

        public string? Driver(Dictionary<string, YamlNode> mapping, string path)
        {
            var text = String(mapping, "driver", path);
            switch (text)
            {
                case null or "" or "postgres" or "redshift":
                    return text is null ? null : nameof(RedshiftTransport.Wire);
                case "redshift-data":
                    return nameof(RedshiftTransport.DataApi);
                default:
                    Error(mapping["driver"], $"{Name(path, "driver")}: must be postgres or redshift-data");
                    return null;
            }
        }

        private static bool IsNull(YamlNode node) =>
            node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

        private static string Name(string path, string? key = null) =>
            key is null ? (path.Length == 0 ? "(root)" : path) : path.Length == 0 ? key : $"{path}.{key}";
    }
}
