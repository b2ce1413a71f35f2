using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GapTools.S3ToRedshift.Configuration.Rin;

/// <summary>
/// Reads a fujiwara/Rin v1.3 <c>config.yaml</c> into S3ToRedshift configuration keys (relative to the section), so a
/// Rin user can switch without rewriting it. Every key Rin reads is either mapped with Rin's effect or refused with
/// one message naming the key, <c>file:line</c> and what to do instead; unknown keys are errors (Rin ignores them)
/// except the GapTools-only <c>gaptools:</c> mapping (<see cref="RinGapToolsSection"/>). Global
/// <c>s3</c>/<c>redshift</c>/<c>sql_option</c> values are defaults merged into each target, as in Rin. Pure.
/// </summary>
internal static class RinConfigReader
{
    /// <summary>The key <c>queue_name</c> maps to (the configuration source moves it to <c>Sqs:Queue</c>).</summary>
    public const string QueueKey = "Sqs:Queue";

    private const string Postgres = "postgres";
    private const string RedshiftData = "redshift-data";

    private static readonly string[] TopKeys = ["queue_name", "credentials", "redshift", "s3", "sql_option", "targets", RinGapToolsSection.Key];
    private static readonly string[] CredentialKeys = ["aws_access_key_id", "aws_secret_access_key", "aws_region", "aws_iam_role", "region"];
    /// <summary>The keys of a <c>redshift</c> mapping, global or in a target.</summary>
    public static readonly string[] RedshiftKeys = ["driver", "host", "port", "cluster", "workgroup", "dbname", "user", "password", "schema", "table", "reconnect_on_error"];

    /// <summary>The keys of an <c>s3</c> mapping, global or in a target.</summary>
    public static readonly string[] S3Keys = ["bucket", "region", "key_prefix", "key_regexp"];

    /// <summary>Returns the configuration keys, or throws <see cref="RinConfigException"/> listing every problem.</summary>
    public static IReadOnlyDictionary<string, string?> Read(string yaml, string path, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(environment);
        var errors = new List<string>();
        var expanded = RinTemplate.Expand(yaml, environment, path, errors);
        var nodes = new RinYamlNodes(path, errors);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(expanded));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                errors.Add($"{path}:1: the document must be a mapping ({string.Join(", ", TopKeys)})");
            }
            else
            {
                Map(nodes, root, data);
            }
        }
        catch (YamlException e)
        {
            errors.Add($"{path}:{e.Start.Line}: not valid YAML ({FirstLine(e.Message)})");
        }

        if (errors.Count > 0)
        {
            // A global value merged into several targets is read once per target: report each problem once.
            throw new RinConfigException(path, errors.Distinct(StringComparer.Ordinal).ToList());
        }

        return data;
    }

    private static void Map(RinYamlNodes nodes, YamlMappingNode root, Dictionary<string, string?> data)
    {
        var top = nodes.Mapping(root, "", TopKeys);
        Set(data, QueueKey, nodes.String(top, "queue_name", ""));
        var gapTools = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (RinYamlNodes.Child(top, RinGapToolsSection.Key) is { } gapToolsNode)
        {
            RinGapToolsSection.Read(nodes, gapToolsNode, gapTools);
        }

        MapCredentials(nodes, top, data);
        var redshift = RinYamlNodes.Child(top, "redshift") is { } r ? nodes.Mapping(r, "redshift", RedshiftKeys) : [];
        MapRedshift(nodes, redshift, root, data, gapTools);

        var s3 = RinYamlNodes.Child(top, "s3") is { } s ? nodes.Mapping(s, "s3", S3Keys) : [];
        Set(data, "Copy:Region", nodes.String(s3, "region", "s3"));
        var sqlOption = nodes.String(top, "sql_option", "");
        if (CopyParameters.Validate(sqlOption) is { } problem)
        {
            nodes.Error(top["sql_option"], $"sql_option: must not {problem}");
        }

        Set(data, "Copy:Parameters", sqlOption);
        MapTargets(nodes, top, root, new RinDefaults(redshift, s3, sqlOption), data);

        foreach (var (key, value) in gapTools)
        {
            data[key] = value;
        }
    }

    private static void MapCredentials(RinYamlNodes nodes, Dictionary<string, YamlNode> top, Dictionary<string, string?> data)
    {
        var credentials = RinYamlNodes.Child(top, "credentials") is { } c ? nodes.Mapping(c, "credentials", CredentialKeys) : [];
        Set(data, "Aws:AccessKeyId", nodes.String(credentials, "aws_access_key_id", "credentials"));
        Set(data, "Aws:SecretAccessKey", nodes.String(credentials, "aws_secret_access_key", "credentials"));
        Set(data, "Aws:Region", nodes.String(credentials, "aws_region", "credentials") ?? nodes.String(credentials, "region", "credentials"));

        // Rin's COPY clause: aws_iam_role wins (IAM_ROLE); otherwise CREDENTIALS with the worker's keys (Rin sends its
        // static keys, or empty ones without them; GapTools sends whatever credentials the worker has, token included).
        if (nodes.String(credentials, "aws_iam_role", "credentials") is { } role)
        {
            data["Copy:Authorization"] = nameof(CopyAuthorization.IamRole);
            data["Copy:IamRole"] = role;
        }
        else
        {
            data["Copy:Authorization"] = nameof(CopyAuthorization.WorkerCredentials);
        }
    }

    private static void MapRedshift(RinYamlNodes nodes, Dictionary<string, YamlNode> redshift, YamlNode root, Dictionary<string, string?> data, Dictionary<string, string?> gapTools)
    {
        _ = nodes.Boolean(redshift, "reconnect_on_error", "redshift"); // GapTools always does it: see docs/migrating-from-rin.md
        Set(data, "Redshift:Database", nodes.String(redshift, "dbname", "redshift"));
        var user = nodes.String(redshift, "user", "redshift");
        var driver = nodes.String(redshift, "driver", "redshift", emptyIsAbsent: false) ?? Postgres;
        if (driver == Postgres)
        {
            var host = nodes.String(redshift, "host", "redshift");
            Set(data, "Redshift:Host", host);
            Set(data, "Redshift:Port", nodes.Integer(redshift, "port", "redshift"));
            Set(data, "Redshift:User", user);
            if (nodes.String(redshift, "password", "redshift") is { } password)
            {
                data["Redshift:Password"] = password;
            }
            else if (host is not null)
            {
                // Rin: an empty password means GetClusterCredentials for the cluster named by the host's first label.
                data["Redshift:IamAuthentication"] = "true";
                data["Redshift:ClusterIdentifier"] = host.Split('.', 2)[0];
            }

            return;
        }

        if (driver != RedshiftData)
        {
            nodes.Error(redshift["driver"], $"redshift.driver: must be {Postgres} or {RedshiftData} (as in Rin)");
            return;
        }

        // The Data API: Rin (mashiike/redshift-data-sql-driver) ignores host, port and password, and a workgroup wins over a cluster.
        data["Redshift:Transport"] = nameof(RedshiftTransport.DataApi);
        if (nodes.String(redshift, "workgroup", "redshift") is { } workgroup)
        {
            data["Redshift:WorkgroupName"] = workgroup;
        }
        else if (nodes.String(redshift, "cluster", "redshift") is { } cluster)
        {
            data["Redshift:ClusterIdentifier"] = cluster;
            Set(data, "Redshift:User", user);
            if (user is null && !gapTools.ContainsKey("Redshift:SecretArn"))
            {
                nodes.Error(redshift["cluster"], "redshift.user: is required with redshift.cluster (the Data API's DbUser; GapTools: Redshift:User, or Redshift:SecretArn under gaptools:)");
            }
        }
        else
        {
            nodes.Error(RinYamlNodes.Line(redshift, "driver", root), "redshift.cluster or redshift.workgroup: one is required with driver redshift-data (GapTools: Redshift:ClusterIdentifier or Redshift:WorkgroupName)");
        }
    }

    private static void MapTargets(RinYamlNodes nodes, Dictionary<string, YamlNode> top, YamlNode root, RinDefaults defaults, Dictionary<string, string?> data)
    {
        if (RinYamlNodes.Child(top, "targets") is not { } targetsNode)
        {
            nodes.Error(root, "targets: is required (Rin: no targets defined)");
            return;
        }

        if (targetsNode is not YamlSequenceNode { Children.Count: > 0 } targets)
        {
            nodes.Error(targetsNode, "targets: must be a list of at least one target (Rin: no targets defined)");
            return;
        }

        for (var index = 0; index < targets.Children.Count; index++)
        {
            RinTarget.Map(nodes, targets.Children[index], index, defaults, data);
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
}
