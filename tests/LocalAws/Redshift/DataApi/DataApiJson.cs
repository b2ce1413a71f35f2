using System.Globalization;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>Renders statements and results in the Data API's JSON shapes (botocore <c>redshift-data/2019-12-20</c>).</summary>
internal static class DataApiJson
{
    /// <summary>ExecuteStatementOutput / BatchExecuteStatementOutput.</summary>
    public static JsonObject Submitted(DataApiStatement statement)
    {
        var identity = statement.Identity;
        var output = new JsonObject { ["Id"] = statement.Id, ["CreatedAt"] = Epoch(statement.CreatedAt), ["Database"] = identity.Database };
        Add(output, "ClusterIdentifier", statement.Submission.ClusterIdentifier);
        Add(output, "WorkgroupName", identity.WorkgroupName);
        Add(output, "DbUser", identity.DbUser);
        Add(output, "SecretArn", identity.SecretArn);
        return output;
    }

    /// <summary>DescribeStatementResponse for a statement, a batch, or one sub-statement (<paramref name="partIndex"/>).</summary>
    public static JsonObject Describe(StatementView view, int? partIndex)
    {
        var statement = view.Statement;
        var single = !statement.Submission.IsBatch;
        var part = partIndex is { } index ? view.Parts[index] : single ? view.Parts[0] : null;
        var output = new JsonObject { ["Id"] = part?.Id ?? statement.Id };
        Add(output, "ClusterIdentifier", statement.Submission.ClusterIdentifier);
        Add(output, "WorkgroupName", statement.Identity.WorkgroupName);
        output["Database"] = statement.Identity.Database;
        Add(output, "DbUser", statement.Identity.DbUser);
        Add(output, "SecretArn", statement.Identity.SecretArn);
        output["CreatedAt"] = Epoch(part?.CreatedAt ?? statement.CreatedAt);
        output["ResultFormat"] = "JSON";
        if (view.RedshiftPid is { } pid)
        {
            output["RedshiftPid"] = pid;
        }

        if (statement.Submission.Parameters.Count > 0)
        {
            output["QueryParameters"] = Parameters(statement.Submission.Parameters);
        }

        if (part is not null)
        {
            AddPart(output, part);
            if (single && partIndex is null)
            {
                // A single statement's own status is the submission's (a connection lost after the SQL still fails it).
                output["Status"] = view.Status;
                Add(output, "Error", view.Error);
            }

            return output;
        }

        output["Status"] = view.Status;
        Add(output, "Error", view.Error);
        output["Duration"] = view.DurationNanos;
        output["UpdatedAt"] = Epoch(view.UpdatedAt);
        output["HasResultSet"] = view.HasResultSet;
        output["ResultRows"] = view.Status == StatementStatus.Finished ? view.Parts.Sum(p => p.ResultRows) : -1;
        output["ResultSize"] = view.Status == StatementStatus.Finished ? view.Parts.Sum(p => p.ResultSize) : -1;
        output["SubStatements"] = new JsonArray([.. view.Parts.Select(p => (JsonNode)AddPart(new JsonObject { ["Id"] = p.Id }, p))]);
        return output;
    }

    /// <summary>GetStatementResultResponse for rows [<paramref name="offset"/>, offset + count).</summary>
    public static JsonObject ResultPage(StatementResult result, int offset, int count, string? nextToken)
    {
        var records = result.Rows.Skip(offset).Take(count)
            .Select(row => (JsonNode)new JsonArray([.. row.Select((value, i) => (JsonNode)Field(value, result.Columns[i].TypeName))]));
        var output = new JsonObject
        {
            ["Records"] = new JsonArray([.. records]),
            ["ColumnMetadata"] = new JsonArray([.. result.Columns.Select(c => (JsonNode)ColumnMetadata(c))]),
            ["TotalNumRows"] = result.Rows.Count,
        };
        Add(output, "NextToken", nextToken);
        return output;
    }

    /// <summary>StatementData for ListStatements.</summary>
    public static JsonObject StatementData(StatementView view)
    {
        var submission = view.Statement.Submission;
        var output = new JsonObject
        {
            ["Id"] = view.Statement.Id,
            ["Status"] = view.Status,
            ["CreatedAt"] = Epoch(view.Statement.CreatedAt),
            ["UpdatedAt"] = Epoch(view.UpdatedAt),
            ["IsBatchStatement"] = submission.IsBatch,
            ["ResultFormat"] = "JSON",
        };
        if (submission.IsBatch)
        {
            output["QueryStrings"] = new JsonArray([.. submission.Sqls.Select(s => (JsonNode)JsonValue.Create(s))]);
        }
        else
        {
            output["QueryString"] = submission.Sqls[0];
        }

        Add(output, "StatementName", submission.StatementName);
        Add(output, "SecretArn", view.Statement.Identity.SecretArn);
        if (submission.Parameters.Count > 0)
        {
            output["QueryParameters"] = Parameters(submission.Parameters);
        }

        return output;
    }

    /// <summary>
    /// The Field union for one value in PostgreSQL's text form: integers as longValue, floats as doubleValue,
    /// booleans, bytea as blobValue, everything else (numeric, dates, timestamps, text) as stringValue, as Redshift does.
    /// </summary>
    public static JsonObject Field(string? text, string typeName)
    {
        if (text is null)
        {
            return new JsonObject { ["isNull"] = true };
        }

        return typeName switch
        {
            "int2" or "int4" or "int8" or "oid" => new JsonObject { ["longValue"] = long.Parse(text, CultureInfo.InvariantCulture) },
            "float4" or "float8" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) =>
                new JsonObject { ["doubleValue"] = d },
            "bool" => new JsonObject { ["booleanValue"] = text == "t" },
            "bytea" when text.StartsWith("\\x", StringComparison.Ordinal) =>
                new JsonObject { ["blobValue"] = Convert.ToBase64String(Convert.FromHexString(text.AsSpan(2))) },
            _ => new JsonObject { ["stringValue"] = text },
        };
    }

    public static JsonObject ColumnMetadata(ResultColumn column)
    {
        var (precision, scale) = PrecisionOf(column);
        return new JsonObject
        {
            ["isCaseSensitive"] = column.TypeName is "varchar" or "bpchar" or "text" or "char" or "name",
            ["isCurrency"] = false,
            ["isSigned"] = column.TypeName is "int2" or "int4" or "int8" or "float4" or "float8" or "numeric",
            ["label"] = column.Name,
            ["length"] = 0,
            ["name"] = column.Name,
            ["nullable"] = column.Nullable == false ? 0 : 1,
            ["precision"] = precision,
            ["scale"] = scale,
            ["schemaName"] = column.SchemaName,
            ["tableName"] = column.TableName,
            ["typeName"] = column.TypeName,
        };
    }

    /// <summary>Timestamps travel as epoch seconds in the JSON protocols.</summary>
    public static JsonValue Epoch(DateTimeOffset time) => JsonValue.Create(time.ToUnixTimeMilliseconds() / 1000m);

    private static JsonObject AddPart(JsonObject output, StatementPartView part)
    {
        output["Status"] = part.Status;
        Add(output, "Error", part.Error);
        output["Duration"] = part.DurationNanos;
        output["CreatedAt"] = Epoch(part.CreatedAt);
        output["UpdatedAt"] = Epoch(part.UpdatedAt);
        output["QueryString"] = part.Sql;
        output["HasResultSet"] = part.HasResultSet;
        output["ResultRows"] = part.ResultRows;
        output["ResultSize"] = part.ResultSize;
        if (part.RedshiftQueryId is { } queryId)
        {
            output["RedshiftQueryId"] = queryId;
        }

        return output;
    }

    private static (int Precision, int Scale) PrecisionOf(ResultColumn column) => column.TypeName switch
    {
        "int2" => (5, 0),
        "int4" => (10, 0),
        "int8" => (19, 0),
        "float4" => (8, 8),
        "float8" => (17, 17),
        "bool" => (1, 0),
        "numeric" => (column.Precision ?? 0, column.Scale ?? 0),
        _ => (column.Length is > 0 and var length ? length : 0, 0),
    };

    private static JsonArray Parameters(IEnumerable<SqlParameter> parameters) =>
        new([.. parameters.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = p.Value })]);

    private static void Add(JsonObject output, string name, string? value)
    {
        if (value is not null)
        {
            output[name] = value;
        }
    }
}
