using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GapTools.LocalAws.Sqs;

/// <summary>A message as a sender submitted it (SendMessage or one SendMessageBatch entry), not yet validated.</summary>
internal sealed record SqsOutgoingMessage(
    string? Body,
    int? DelaySeconds,
    IReadOnlyDictionary<string, SqsMessageAttribute> Attributes,
    IReadOnlyDictionary<string, SqsMessageAttribute> SystemAttributes)
{
    /// <summary>Body plus every attribute's name, type and value: what counts against MaximumMessageSize.</summary>
    public int Size => Encoding.UTF8.GetByteCount(Body ?? "") + Attributes.Sum(a =>
        Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value.DataType)
        + (a.Value.StringValue is { } s ? Encoding.UTF8.GetByteCount(s) : a.Value.BinaryValue?.Length ?? 0));
}

/// <summary>SendMessage's checks, with AWS's codes and wording. Pure.</summary>
internal static partial class SqsMessageValidation
{
    public static void Validate(SqsOutgoingMessage message, SqsQueueSettings settings)
    {
        if (string.IsNullOrEmpty(message.Body))
        {
            throw SqsErrors.MissingParameter("MessageBody");
        }

        if (!message.Body.EnumerateRunes().All(IsAllowed))
        {
            throw SqsErrors.InvalidMessageContents();
        }

        if (message.DelaySeconds is { } delay and (< 0 or > SqsDefaults.MaxDelaySeconds))
        {
            throw SqsErrors.InvalidParameterValue("DelaySeconds", delay.ToString(CultureInfo.InvariantCulture),
                $"DelaySeconds must be >= 0 and <= {SqsDefaults.MaxDelaySeconds}");
        }

        ValidateAttributes(message.Attributes);
        foreach (var (name, attribute) in message.SystemAttributes)
        {
            if (name != "AWSTraceHeader" || attribute.DataType != "String" || string.IsNullOrEmpty(attribute.StringValue))
            {
                throw SqsErrors.InvalidParameterValue($"Message system attribute '{name}' is not supported or its value is invalid; only AWSTraceHeader (String) is.");
            }
        }

        if (message.Size > settings.MaximumMessageSize)
        {
            throw SqsErrors.InvalidParameterValue(
                $"One or more parameters are invalid. Reason: Message must be shorter than {settings.MaximumMessageSize} bytes.");
        }
    }

    private static void ValidateAttributes(IReadOnlyDictionary<string, SqsMessageAttribute> attributes)
    {
        if (attributes.Count > SqsDefaults.MaxMessageAttributes)
        {
            throw SqsErrors.InvalidParameterValue(
                $"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [{SqsDefaults.MaxMessageAttributes}].");
        }

        foreach (var (name, attribute) in attributes)
        {
            if (!AttributeName().IsMatch(name) || name.Contains("..", StringComparison.Ordinal)
                || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
            {
                throw SqsErrors.InvalidParameterValue($"Message (user) attribute name '{name}' is invalid.");
            }

            if (string.IsNullOrEmpty(attribute.DataType))
            {
                throw SqsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute type.");
            }

            if (!DataType().IsMatch(attribute.DataType))
            {
                throw SqsErrors.InvalidParameterValue(
                    $"The type of message (user) attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
            }

            var hasValue = attribute.BaseType == "Binary" ? attribute.BinaryValue is { Length: > 0 } : !string.IsNullOrEmpty(attribute.StringValue);
            if (!hasValue)
            {
                throw SqsErrors.InvalidParameterValue(
                    $"The message (user) attribute '{name}' must contain a non-empty message attribute value for message attribute type '{attribute.BaseType}'.");
            }

            if (attribute.BaseType == "Number" && !NumberValue().IsMatch(attribute.StringValue!))
            {
                throw SqsErrors.InvalidParameterValue($"Can't cast the value of message (user) attribute '{name}' to a number.");
            }
        }
    }

    // XML 1.0 characters: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.
    private static bool IsAllowed(Rune rune) => rune.Value switch
    {
        0x9 or 0xA or 0xD => true,
        >= 0x20 and <= 0xD7FF => true,
        >= 0xE000 and <= 0xFFFD => true,
        >= 0x10000 and <= 0x10FFFF => true,
        _ => false,
    };

    [GeneratedRegex(@"^(?!\.)[A-Za-z0-9_.\-]{1,256}(?<!\.)$")]
    private static partial Regex AttributeName();

    [GeneratedRegex(@"^(String|Number|Binary)(\..{1,250})?$")]
    private static partial Regex DataType();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex NumberValue();
}
