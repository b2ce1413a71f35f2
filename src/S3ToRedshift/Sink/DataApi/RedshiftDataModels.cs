using System.Text.Json.Serialization;

namespace GapTools.S3ToRedshift.Sink.DataApi;

// Shapes from the botocore model redshift-data 2019-12-20 (JSON 1.1, target prefix RedshiftData).
#pragma warning disable CA1812 // Instantiated by System.Text.Json.

internal sealed class StatementTarget
{
    public string? ClusterIdentifier { get; set; }

    public string? WorkgroupName { get; set; }

    public string? SecretArn { get; set; }

    public string? DbUser { get; set; }

    public string? Database { get; set; }
}

internal sealed class ExecuteStatementRequest
{
    public required string Sql { get; set; }

    public string? ClusterIdentifier { get; set; }

    public string? WorkgroupName { get; set; }

    public string? SecretArn { get; set; }

    public string? DbUser { get; set; }

    public string? Database { get; set; }

    public string? StatementName { get; set; }
}

internal sealed class BatchExecuteStatementRequest
{
    public required IReadOnlyList<string> Sqls { get; set; }

    public string? ClusterIdentifier { get; set; }

    public string? WorkgroupName { get; set; }

    public string? SecretArn { get; set; }

    public string? DbUser { get; set; }

    public string? Database { get; set; }

    public string? StatementName { get; set; }
}

internal sealed class StatementIdResponse
{
    public string? Id { get; set; }
}

internal sealed class DescribeStatementRequest
{
    public required string Id { get; set; }
}

internal sealed class DescribeStatementResponse
{
    public string? Id { get; set; }

    public string? Status { get; set; }

    public string? Error { get; set; }

    public long? ResultRows { get; set; }

    public long? RedshiftQueryId { get; set; }

    public bool? HasResultSet { get; set; }

    public List<SubStatementData>? SubStatements { get; set; }
}

internal sealed class SubStatementData
{
    public string? Id { get; set; }

    public string? Status { get; set; }

    public string? Error { get; set; }

    public long? ResultRows { get; set; }

    public long? RedshiftQueryId { get; set; }
}

internal sealed class GetStatementResultRequest
{
    public required string Id { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class GetStatementResultResponse
{
    public List<List<Field>>? Records { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class Field
{
    [JsonPropertyName("isNull")]
    public bool? IsNull { get; set; }

    [JsonPropertyName("stringValue")]
    public string? StringValue { get; set; }

    [JsonPropertyName("longValue")]
    public long? LongValue { get; set; }

    [JsonPropertyName("doubleValue")]
    public double? DoubleValue { get; set; }

    [JsonPropertyName("booleanValue")]
    public bool? BooleanValue { get; set; }

    public string Text() =>
        StringValue ?? LongValue?.ToString(System.Globalization.CultureInfo.InvariantCulture)
        ?? DoubleValue?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? BooleanValue?.ToString() ?? "";
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExecuteStatementRequest))]
[JsonSerializable(typeof(BatchExecuteStatementRequest))]
[JsonSerializable(typeof(StatementIdResponse))]
[JsonSerializable(typeof(DescribeStatementRequest))]
[JsonSerializable(typeof(DescribeStatementResponse))]
[JsonSerializable(typeof(GetStatementResultRequest))]
[JsonSerializable(typeof(GetStatementResultResponse))]
internal sealed partial class RedshiftDataJsonContext : JsonSerializerContext;
