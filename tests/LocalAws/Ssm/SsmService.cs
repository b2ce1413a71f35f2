using System.Text.Json.Nodes;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.Routing;

namespace GapTools.LocalAws.Ssm;

/// <summary>
/// SSM Parameter Store over the AWS JSON 1.1 protocol (<c>X-Amz-Target: AmazonSSM.&lt;Operation&gt;</c>, signing
/// name <c>ssm</c>). Shapes, limits and error codes follow the botocore model <c>ssm/2014-11-06</c>.
/// </summary>
internal sealed partial class SsmService(SsmStore store) : IAwsService
{
    private const string TargetPrefix = "AmazonSSM.";

    private static readonly Dictionary<string, Func<SsmService, JsonObject, AwsRequest, JsonObject>> Operations = new(StringComparer.Ordinal)
    {
        ["PutParameter"] = (s, body, _) => s.PutParameter(body),
        ["GetParameter"] = (s, body, r) => s.GetParameter(body, r.Region),
        ["GetParameters"] = (s, body, r) => s.GetParameters(body, r.Region),
        ["GetParametersByPath"] = (s, body, r) => s.GetParametersByPath(body, r.Region),
        ["DeleteParameter"] = (s, body, _) => s.DeleteParameter(body),
        ["DeleteParameters"] = (s, body, _) => s.DeleteParameters(body),
        ["DescribeParameters"] = (s, body, r) => s.DescribeParameters(body, r.Region),
        ["GetParameterHistory"] = (s, body, _) => s.GetParameterHistory(body),
    };

    public IReadOnlyCollection<string> SigningNames { get; } = ["ssm"];

    // Any AmazonSSM.* target resolves, so the journal names the operation even when it is not emulated.
    public string ResolveOperation(AwsRequest request)
    {
        var target = request.Header("X-Amz-Target");
        return target is not null && target.StartsWith(TargetPrefix, StringComparison.Ordinal) && target.Length > TargetPrefix.Length
            ? target[TargetPrefix.Length..]
            : throw new AwsErrorException("UnknownOperationException", $"SSM expects X-Amz-Target: {TargetPrefix}<Operation>; got '{target}'.");
    }

    public Task<AwsResponse> HandleAsync(AwsRequest request, string operation)
    {
        if (!Operations.TryGetValue(operation, out var handler))
        {
            throw new AwsErrorException("UnknownOperationException", $"LocalAws does not emulate SSM operation {operation}.");
        }

        return Task.FromResult(JsonProtocol.Result(handler(this, JsonProtocol.Body(request), request)));
    }

    private static int MaxResults(JsonObject body, int max, int fallback)
    {
        var value = JsonProtocol.GetInt(body, "MaxResults") ?? fallback;
        return value switch
        {
            < 1 => throw AwsErrorException.Validation(
                $"1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"),
            _ when value > max => throw AwsErrorException.Validation(
                $"1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to {max}"),
            _ => value,
        };
    }

    /// <summary>ParameterNameList: 1..10 names (GetParameters, DeleteParameters).</summary>
    private static List<string> NameList(JsonObject body)
    {
        if (body["Names"] is not JsonArray)
        {
            throw AwsErrorException.Validation("1 validation error detected: Value null at 'names' failed to satisfy constraint: Member must not be null");
        }

        var names = JsonProtocol.GetStrings(body, "Names");
        return names.Count switch
        {
            0 => throw AwsErrorException.Validation(
                "1 validation error detected: Value '[]' at 'names' failed to satisfy constraint: Member must have length greater than or equal to 1"),
            > 10 => throw AwsErrorException.Validation(
                $"1 validation error detected: Value '[{string.Join(", ", names)}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10"),
            _ => names,
        };
    }

    private static JsonArray Array(IEnumerable<JsonNode> items) => new([.. items]);

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);

    private static AwsErrorException NotFound(string name) => new("ParameterNotFound", $"Parameter {name} not found.");
}
