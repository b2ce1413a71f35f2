using System.Text.Json.Nodes;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.Routing;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>
/// The Redshift Data API over AWS JSON 1.1 (<c>X-Amz-Target: RedshiftData.&lt;Operation&gt;</c>, signing name
/// <c>redshift-data</c>). Statements run asynchronously, each on its own connection through the cluster's wire
/// proxy, so COPY from S3, load errors and the proxy's fault switches behave as on the wire front (README.md).
/// </summary>
internal sealed class RedshiftDataService(LocalAwsState state) : IAwsService
{
    private const string TargetPrefix = "RedshiftData.";

    private readonly DataApiRunner runner = new(state.RedshiftData);

    private RedshiftDataApiState Data => state.RedshiftData;

    public IReadOnlyCollection<string> SigningNames { get; } = ["redshift-data"];

    public string ResolveOperation(AwsRequest request)
    {
        var target = request.Header("X-Amz-Target");
        return target is not null && target.StartsWith(TargetPrefix, StringComparison.Ordinal) && target.Length > TargetPrefix.Length
            ? target[TargetPrefix.Length..]
            : throw new AwsErrorException("UnknownOperationException", $"The Redshift Data API expects X-Amz-Target: {TargetPrefix}<Operation>; got '{target}'.");
    }

    public async Task<AwsResponse> HandleAsync(AwsRequest request, string operation)
    {
        var body = JsonProtocol.Body(request);
        var result = operation switch
        {
            "ExecuteStatement" => await SubmitAsync(request, body, batch: false),
            "BatchExecuteStatement" => await SubmitAsync(request, body, batch: true),
            "DescribeStatement" => DescribeStatement(body),
            "GetStatementResult" => GetStatementResult(body),
            "CancelStatement" => CancelStatement(body),
            "ListStatements" => ListStatements(body),
            _ => throw new AwsErrorException("UnknownOperationException", $"LocalAws does not emulate Redshift Data API operation {operation}."),
        };
        return JsonProtocol.Result(result);
    }

    private async Task<JsonObject> SubmitAsync(AwsRequest request, JsonObject body, bool batch)
    {
        var submission = DataApiSubmission.Parse(body, batch);
        var statement = await Data.OnceAsync(submission.ClientToken, () => StartAsync(submission, request));
        return DataApiJson.Submitted(statement);
    }

    /// <summary>
    /// Connects before answering, as the service does: an unreachable cluster or a refused login is
    /// (Batch)ExecuteStatementException now; SQL errors come later as a FAILED statement.
    /// </summary>
    private async Task<DataApiStatement> StartAsync(DataApiSubmission submission, AwsRequest request)
    {
        var target = DataApiTargets.Resolve(submission, state, request.AccessKeyId);
        var parameters = submission.ParameterValues();
        var sqls = submission.Sqls.Select(sql => NamedParameters.Bind(sql, parameters)).ToList();
        var clusterIdentifier = target.Identity.ClusterIdentifier;

        Data.Admit(clusterIdentifier);
        var statement = new DataApiStatement(Guid.NewGuid().ToString(), submission, target.Identity, state.Time.GetUtcNow());
        Data.Add(statement);
        Npgsql.NpgsqlConnection connection;
        try
        {
            connection = await DataApiConnector.OpenAsync(target, Data, request.Aborted);
        }
        catch (Exception e)
        {
            var message = DataApiConnector.Describe(e, clusterIdentifier);
            statement.End(StatementStatus.Failed, state.Time.GetUtcNow(), 0, message ?? e.Message);
            Data.Release(clusterIdentifier);
            if (message is null)
            {
                throw;
            }

            throw DataApiErrors.Environmental(submission.IsBatch, message, statement.Id);
        }

        _ = Task.Run(() => runner.RunAsync(statement, connection, sqls));
        return statement;
    }

    private JsonObject DescribeStatement(JsonObject body)
    {
        var (statement, part) = Find(body);
        return DataApiJson.Describe(statement.View(), part);
    }

    private JsonObject GetStatementResult(JsonObject body)
    {
        var (statement, partIndex) = Find(body);
        if (statement.Submission.IsBatch && partIndex is null)
        {
            throw DataApiErrors.Validation($"A batch has no result of its own: ask for a sub-statement, e.g. '{statement.Id}:1'.");
        }

        var part = statement.View().Parts[partIndex ?? 0];
        if (part.Status != StatementStatus.Finished || part.Result is not { } result)
        {
            throw DataApiErrors.NoResult(part.Id);
        }

        var offset = PageToken.Decode(JsonProtocol.GetString(body, "NextToken"), part.Id);
        var count = Data.ResultPageRows is > 0 and var pageRows ? pageRows : int.MaxValue;
        var next = (long)offset + count < result.Rows.Count ? PageToken.Encode(part.Id, offset + count) : null;
        return DataApiJson.ResultPage(result, offset, count, next);
    }

    private JsonObject CancelStatement(JsonObject body)
    {
        var (statement, _) = Find(body);
        return statement.RequestCancel(out var status)
            ? new JsonObject { ["Status"] = true }
            : throw DataApiErrors.Validation($"Could not cancel a query that is already in {status} state.");
    }

    private JsonObject ListStatements(JsonObject body)
    {
        var status = JsonProtocol.GetString(body, "Status") ?? StatementStatus.All;
        if (!StatementStatus.Filters.Contains(status))
        {
            throw DataApiErrors.Constraint("status", status, $"Member must satisfy enum value set: [{string.Join(", ", StatementStatus.Filters)}]");
        }

        var max = JsonProtocol.GetInt(body, "MaxResults") ?? 0;
        if (max is < 0 or > RedshiftDataApiDefaults.MaxListResults)
        {
            throw DataApiErrors.Constraint("maxResults", max.ToString(System.Globalization.CultureInfo.InvariantCulture), "Member must have value between 0 and 100");
        }

        max = max == 0 ? RedshiftDataApiDefaults.MaxListResults : max;
        var name = JsonProtocol.GetString(body, "StatementName");
        var cluster = JsonProtocol.GetString(body, "ClusterIdentifier");
        var workgroup = JsonProtocol.GetString(body, "WorkgroupName");
        var database = JsonProtocol.GetString(body, "Database");

        var matching = Data.Statements
            .Select(s => s.View())
            .Where(v => status == StatementStatus.All || v.Status == status)
            .Where(v => name is null || (v.Statement.Submission.StatementName?.StartsWith(name, StringComparison.Ordinal) ?? false))
            .Where(v => cluster is null || v.Statement.Submission.ClusterIdentifier == cluster)
            .Where(v => workgroup is null || v.Statement.Identity.WorkgroupName == workgroup)
            .Where(v => database is null || v.Statement.Identity.Database == database)
            .OrderByDescending(v => v.Statement.CreatedAt)
            .ThenBy(v => v.Statement.Id, StringComparer.Ordinal)
            .ToList();

        const string scope = "ListStatements";
        var offset = PageToken.Decode(JsonProtocol.GetString(body, "NextToken"), scope);
        var output = new JsonObject { ["Statements"] = new JsonArray([.. matching.Skip(offset).Take(max).Select(v => (JsonNode)DataApiJson.StatementData(v))]) };
        if (offset + max < matching.Count)
        {
            output["NextToken"] = PageToken.Encode(scope, offset + max);
        }

        return output;
    }

    private (DataApiStatement Statement, int? PartIndex) Find(JsonObject body)
    {
        var id = JsonProtocol.RequiredString(body, "Id");
        if (!DataApiIds.IsValid(id))
        {
            throw DataApiErrors.Constraint("id", id, "Member must satisfy regular expression pattern: [a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\\d{0,2})?");
        }

        return Data.TryFind(id, out var statement, out var part) ? (statement, part) : throw DataApiErrors.QueryNotFound(id);
    }
}
