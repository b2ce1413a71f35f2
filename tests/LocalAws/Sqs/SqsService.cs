using System.Collections.Frozen;
using System.Text.Json.Nodes;
using GapTools.LocalAws.Protocols;
using GapTools.LocalAws.Routing;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// SQS on both of its wire protocols: JSON 1.0 (<c>X-Amz-Target: AmazonSQS.Op</c>; AWS SDK v4, botocore ≥ 1.31) and
/// query (<c>Action=Op&amp;Version=2012-11-05</c>, XML answers; older SDKs and CLIs). Operations read parameters
/// through <see cref="ISqsInput"/> and answer in the JSON shape, which <see cref="SqsQueryXml"/> renders for query.
/// </summary>
internal sealed class SqsService : IAwsService
{
    private const string JsonContentType = "application/x-amz-json-1.0";

    /// <summary>Operations of the SQS API that LocalAws answers with UnsupportedOperation rather than "unknown".</summary>
    private static readonly FrozenSet<string> NotEmulated = new[]
    {
        "AddPermission", "RemovePermission", "TagQueue", "UntagQueue", "ListQueueTags", "ListDeadLetterSourceQueues",
        "StartMessageMoveTask", "CancelMessageMoveTask", "ListMessageMoveTasks",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, Func<ISqsInput, SqsCall, Task<JsonObject?>>> operations;

    public SqsService(SqsStore store)
    {
        var queues = new SqsQueueOperations(store);
        var messages = new SqsMessageOperations(store, queues);
        operations = new Dictionary<string, Func<ISqsInput, SqsCall, Task<JsonObject?>>>(StringComparer.Ordinal)
        {
            ["CreateQueue"] = Sync(queues.CreateQueue),
            ["GetQueueUrl"] = Sync(queues.GetQueueUrl),
            ["ListQueues"] = Sync(queues.ListQueues),
            ["DeleteQueue"] = Sync(queues.DeleteQueue),
            ["GetQueueAttributes"] = Sync(queues.GetQueueAttributes),
            ["SetQueueAttributes"] = Sync(queues.SetQueueAttributes),
            ["PurgeQueue"] = Sync(queues.PurgeQueue),
            ["SendMessage"] = Sync(messages.SendMessage),
            ["SendMessageBatch"] = Sync(messages.SendMessageBatch),
            ["ReceiveMessage"] = async (input, call) => await messages.ReceiveMessageAsync(input, call),
            ["DeleteMessage"] = Sync(messages.DeleteMessage),
            ["DeleteMessageBatch"] = Sync(messages.DeleteMessageBatch),
            ["ChangeMessageVisibility"] = Sync(messages.ChangeMessageVisibility),
            ["ChangeMessageVisibilityBatch"] = Sync(messages.ChangeMessageVisibilityBatch),
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> SigningNames { get; } = ["sqs"];

    public string ResolveOperation(AwsRequest request)
    {
        var operation = request.Protocol == AwsProtocol.Json ? JsonProtocol.Operation(request) : request.Form["Action"];
        if (operation is not null && (operations.ContainsKey(operation) || NotEmulated.Contains(operation)))
        {
            return operation;
        }

        throw request.Protocol == AwsProtocol.Json
            ? new AwsErrorException("UnknownOperationException", $"Unknown operation {operation}.")
            : operation is null
                ? new AwsErrorException("MissingAction", "The request must contain the parameter Action.")
                : new AwsErrorException("InvalidAction", $"The action {operation} is not valid for this endpoint.");
    }

    public async Task<AwsResponse> HandleAsync(AwsRequest request, string operation)
    {
        try
        {
            var input = request.Protocol == AwsProtocol.Json ? new SqsJsonInput(JsonProtocol.Body(request)) : (ISqsInput)new SqsQueryInput(request.Form);
            var call = new SqsCall(
                request.BaseUrl,
                request.AccessKeyId,
                request.Protocol == AwsProtocol.Query ? SqsQueueAddress.NameFromPath(request.Path) : null,
                request.Aborted);
            var handler = operations.GetValueOrDefault(operation)
                ?? throw SqsErrors.UnsupportedOperation($"LocalAws does not emulate the SQS operation {operation}.");
            var result = await handler(input, call);
            return request.Protocol == AwsProtocol.Json
                ? JsonProtocol.Result(result ?? [], JsonContentType)
                : SqsQueryXml.Render(operation, result, request.RequestId);
        }
        catch (SqsException e)
        {
            throw ToWire(e, request.Protocol);
        }
    }

    /// <summary>
    /// JSON: <c>__type</c> is the namespaced shape and <c>x-amzn-query-error</c> carries the legacy code the SDKs
    /// surface as ErrorCode (AWS's awsQueryCompatible trait). Query: the legacy code itself.
    /// </summary>
    internal static AwsErrorException ToWire(SqsException e, AwsProtocol protocol)
    {
        if (protocol != AwsProtocol.Json)
        {
            return new AwsErrorException(e.QueryCode, e.Message, e.Status, e.SenderFault);
        }

        var error = new AwsErrorException($"com.amazonaws.sqs#{e.Shape}", e.Message, e.Status, e.SenderFault);
        error.Headers["x-amzn-query-error"] = $"{e.QueryCode};{(e.SenderFault ? "Sender" : "Receiver")}";
        return error;
    }

    private static Func<ISqsInput, SqsCall, Task<JsonObject?>> Sync(Func<ISqsInput, SqsCall, JsonObject?> operation) =>
        (input, call) => Task.FromResult(operation(input, call));
}
