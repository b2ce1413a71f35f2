using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GapTools.LocalAws.Sqs;

/// <summary>The queue's <c>RedrivePolicy</c>: after <see cref="MaxReceiveCount"/> receives a message moves to the DLQ.</summary>
internal sealed record SqsRedrivePolicy(string DeadLetterTargetArn, int MaxReceiveCount)
{
    /// <summary>AWS renders maxReceiveCount as a number, whatever the caller sent.</summary>
    public override string ToString() =>
        new JsonObject { ["deadLetterTargetArn"] = DeadLetterTargetArn, ["maxReceiveCount"] = MaxReceiveCount }.ToJsonString();

    public static SqsRedrivePolicy Parse(string text)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            throw Invalid(text, "Redrive policy is not a valid JSON map.");
        }

        var arn = json["deadLetterTargetArn"] is JsonValue a && a.TryGetValue<string>(out var s) ? s : null;
        if (string.IsNullOrEmpty(arn))
        {
            throw Invalid(text, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
        }

        // Callers send it as a number or as a string ("5"); both are accepted by AWS.
        int? count = json["maxReceiveCount"] switch
        {
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            JsonValue v when v.TryGetValue<string>(out var t) && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
            null => throw Invalid(text, "Redrive policy does not contain mandatory attribute: maxReceiveCount."),
            _ => null,
        };
        if (count is not (>= 1 and <= SqsDefaults.MaxReceiveCountLimit))
        {
            throw Invalid(text, $"Invalid value for maxReceiveCount: {json["maxReceiveCount"]?.ToJsonString()}, valid values are from 1 to {SqsDefaults.MaxReceiveCountLimit} both inclusive.");
        }

        return new SqsRedrivePolicy(arn, count.Value);
    }

    private static SqsException Invalid(string text, string reason) => SqsErrors.InvalidParameterValue("RedrivePolicy", text, reason);
}
