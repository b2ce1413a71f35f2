using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>One named parameter as the request sent it (DescribeStatement echoes them as QueryParameters).</summary>
internal sealed record SqlParameter(string Name, string Value);

/// <summary>
/// A validated ExecuteStatement or BatchExecuteStatement request: what to run and where. Which database user runs
/// it is decided later (<see cref="DataApiTargets"/>), because that needs the cluster and the secret store.
/// </summary>
internal sealed partial record DataApiSubmission
{
    public required IReadOnlyList<string> Sqls { get; init; }

    public required bool IsBatch { get; init; }

    public string? ClusterIdentifier { get; init; }

    public string? WorkgroupName { get; init; }

    public string? SecretArn { get; init; }

    public string? DbUser { get; init; }

    public string? Database { get; init; }

    public string? StatementName { get; init; }

    public IReadOnlyList<SqlParameter> Parameters { get; init; } = [];

    public string? ClientToken { get; init; }

    /// <summary>Validates the request's members the way the service's model does.</summary>
    /// <exception cref="AwsErrorException">ValidationException.</exception>
    public static DataApiSubmission Parse(JsonObject body, bool batch)
    {
        var sqls = batch ? BatchSqls(body) : [JsonProtocol.RequiredString(body, "Sql")];
        var cluster = JsonProtocol.GetString(body, "ClusterIdentifier");
        var workgroup = JsonProtocol.GetString(body, "WorkgroupName");
        var secret = JsonProtocol.GetString(body, "SecretArn");
        var dbUser = JsonProtocol.GetString(body, "DbUser");
        var database = JsonProtocol.GetString(body, "Database");

        if (cluster is not null && (cluster.Length > 63 || !ClusterIdentifierPattern().IsMatch(cluster)))
        {
            throw DataApiErrors.Constraint("clusterIdentifier", cluster, "Member must satisfy regular expression pattern: [a-z][a-z0-9]*(-[a-z0-9]+)*");
        }

        if (workgroup is not null && workgroup.Length is < 3 or > 128)
        {
            throw DataApiErrors.Constraint("workgroupName", workgroup, "Member must have length between 3 and 128");
        }

        if ((cluster is null) == (workgroup is null))
        {
            throw DataApiErrors.Validation("Either ClusterIdentifier or WorkgroupName must be specified, but not both.");
        }

        if (secret is not null && dbUser is not null)
        {
            throw DataApiErrors.Validation("DbUser and SecretArn cannot be specified together.");
        }

        if (workgroup is not null && dbUser is not null)
        {
            throw DataApiErrors.Validation("DbUser is not supported with WorkgroupName: use SecretArn or the caller's IAM identity.");
        }

        if (database is null && secret is null)
        {
            throw DataApiErrors.Validation("Database must be specified.");
        }

        RejectUnsupported(body);
        return new DataApiSubmission
        {
            Sqls = sqls,
            IsBatch = batch,
            ClusterIdentifier = cluster,
            WorkgroupName = workgroup,
            SecretArn = secret,
            DbUser = dbUser,
            Database = database,
            StatementName = ReadStatementName(body),
            Parameters = ReadParameters(body),
            ClientToken = ReadClientToken(body),
        };
    }

    /// <summary>Parameters by name, for <see cref="NamedParameters.Bind"/>.</summary>
    public IReadOnlyDictionary<string, string> ParameterValues() =>
        Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static List<string> BatchSqls(JsonObject body)
    {
        if (body[nameof(Sqls)] is not JsonArray array)
        {
            throw DataApiErrors.Constraint("sqls", null, "Member must not be null");
        }

        if (array.Count is < 1 or > RedshiftDataApiDefaults.MaxBatchStatements)
        {
            throw DataApiErrors.Constraint("sqls", null, $"Member must have length between 1 and {RedshiftDataApiDefaults.MaxBatchStatements}");
        }

        return array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw DataApiErrors.Constraint("sqls", null, "Member must not be null")).ToList();
    }

    private static string? ReadStatementName(JsonObject body)
    {
        var name = JsonProtocol.GetString(body, "StatementName");
        return name is { Length: > 2048 }
            ? throw DataApiErrors.Constraint("statementName", name, "Member must have length less than or equal to 2048")
            : name;
    }

    private static string? ReadClientToken(JsonObject body)
    {
        var token = JsonProtocol.GetString(body, "ClientToken");
        return token is { Length: < 1 or > 64 }
            ? throw DataApiErrors.Constraint("clientToken", token, "Member must have length between 1 and 64")
            : token;
    }

    private static List<SqlParameter> ReadParameters(JsonObject body)
    {
        if (body[nameof(Parameters)] is not JsonArray array)
        {
            return [];
        }

        if (array.Count == 0)
        {
            throw DataApiErrors.Constraint("parameters", "[]", "Member must have length greater than or equal to 1");
        }

        var parameters = new List<SqlParameter>();
        foreach (var item in array)
        {
            var entry = item as JsonObject ?? throw DataApiErrors.Constraint("parameters", null, "Member must not be null");
            var name = JsonProtocol.GetString(entry, "name") ?? throw DataApiErrors.Constraint("parameters.member.name", null, "Member must not be null");
            var value = JsonProtocol.GetString(entry, "value") ?? throw DataApiErrors.Constraint("parameters.member.value", null, "Member must not be null");
            if (!ParameterNamePattern().IsMatch(name))
            {
                throw DataApiErrors.Constraint("parameters.member.name", name, "Member must satisfy regular expression pattern: [0-9a-zA-Z_]+");
            }

            if (value.Length == 0)
            {
                throw DataApiErrors.Constraint("parameters.member.value", value, "Member must have length greater than or equal to 1");
            }

            if (parameters.Any(p => p.Name == name))
            {
                throw DataApiErrors.Validation($"Parameter '{name}' is specified more than once.");
            }

            parameters.Add(new SqlParameter(name, value));
        }

        return parameters;
    }

    // Fail loudly on what the stand-in does not emulate rather than ignore it.
    private static void RejectUnsupported(JsonObject body)
    {
        if (JsonProtocol.GetString(body, "ResultFormat") is { } format && format != "JSON")
        {
            throw format == "CSV"
                ? DataApiErrors.Validation("LocalAws emulates ResultFormat JSON only (CSV results need GetStatementResultV2, which it does not emulate).")
                : DataApiErrors.Constraint("resultFormat", format, "Member must satisfy enum value set: [JSON, CSV]");
        }

        if (body.ContainsKey("SessionId") || body.ContainsKey("SessionKeepAliveSeconds"))
        {
            throw DataApiErrors.Validation("LocalAws does not emulate Data API sessions (SessionId, SessionKeepAliveSeconds).");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ClusterIdentifierPattern();

    [GeneratedRegex("^[0-9a-zA-Z_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterNamePattern();
}
