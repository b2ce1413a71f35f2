using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;

namespace GapTools.LocalAws.Lambda;

/// <summary>Events shaped as Lambda hands them to a function, for <see cref="LambdaRuntimeEmulator.InvokeAsync"/>.</summary>
public static class LambdaEvents
{
    /// <summary>
    /// What an SQS event source mapping passes: one record per received message (id, receipt handle, body, receive
    /// count), <c>eventSource</c> <c>aws:sqs</c> and the queue's ARN.
    /// </summary>
    public static string SqsBatch(IEnumerable<Message> messages, string queueArn, int receiveCount = 1)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var records = new JsonArray();
        foreach (var message in messages)
        {
            records.Add(new JsonObject
            {
                ["messageId"] = message.MessageId,
                ["receiptHandle"] = message.ReceiptHandle,
                ["body"] = message.Body,
                ["attributes"] = new JsonObject
                {
                    ["ApproximateReceiveCount"] = receiveCount.ToString(CultureInfo.InvariantCulture),
                    ["SentTimestamp"] = "1767225600000",
                },
                ["messageAttributes"] = new JsonObject(),
                ["md5OfBody"] = message.MD5OfBody,
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = queueArn,
                ["awsRegion"] = "us-east-1",
            });
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }
}
