using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;

namespace GapTools.LocalAws.Sqs;

/// <summary>A queue's settable attributes, validated as AWS does. Pure: parse and render, no queue state.</summary>
internal sealed record SqsQueueSettings
{
    /// <summary>Accepted and returned as given, not interpreted (access policies, encryption).</summary>
    private static readonly FrozenSet<string> Stored =
        new[] { "Policy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> FifoOnly =
        new[] { "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit" }.ToFrozenSet(StringComparer.Ordinal);

    public int VisibilityTimeout { get; init; } = SqsDefaults.VisibilityTimeoutSeconds;

    public int DelaySeconds { get; init; }

    public int MaximumMessageSize { get; init; } = SqsDefaults.MaximumMessageSize;

    public int MessageRetentionPeriod { get; init; } = SqsDefaults.MessageRetentionPeriodSeconds;

    public int ReceiveMessageWaitTimeSeconds { get; init; }

    public SqsRedrivePolicy? RedrivePolicy { get; init; }

    /// <summary>New queues get SSE-SQS by default, as on AWS since 2022.</summary>
    public ImmutableSortedDictionary<string, string> Other { get; init; } =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal).Add("SqsManagedSseEnabled", "true");

    public static SqsQueueSettings Default { get; } = new();

    /// <summary>Applies CreateQueue/SetQueueAttributes attributes; throws the error AWS gives for a bad one.</summary>
    public SqsQueueSettings With(IReadOnlyDictionary<string, string> attributes)
    {
        var result = this;
        foreach (var (name, value) in attributes)
        {
            result = name switch
            {
                "VisibilityTimeout" => result with { VisibilityTimeout = Integer(name, value, 0, SqsDefaults.MaxVisibilityTimeoutSeconds) },
                "DelaySeconds" => result with { DelaySeconds = Integer(name, value, 0, SqsDefaults.MaxDelaySeconds) },
                "MaximumMessageSize" => result with { MaximumMessageSize = Integer(name, value, SqsDefaults.MinMaximumMessageSize, SqsDefaults.MaximumMessageSize) },
                "MessageRetentionPeriod" => result with
                {
                    MessageRetentionPeriod = Integer(name, value, SqsDefaults.MinMessageRetentionPeriodSeconds, SqsDefaults.MaxMessageRetentionPeriodSeconds),
                },
                "ReceiveMessageWaitTimeSeconds" => result with { ReceiveMessageWaitTimeSeconds = Integer(name, value, 0, SqsDefaults.MaxWaitTimeSeconds) },
                // An empty policy removes redrive, as on AWS.
                "RedrivePolicy" => result with { RedrivePolicy = value.Length == 0 ? null : SqsRedrivePolicy.Parse(value) },
                "FifoQueue" when value.Equals("false", StringComparison.OrdinalIgnoreCase) => result,
                "FifoQueue" => throw SqsErrors.FifoNotEmulated(),
                _ when FifoOnly.Contains(name) => throw SqsErrors.FifoNotEmulated(),
                _ when Stored.Contains(name) => result with { Other = value.Length == 0 ? result.Other.Remove(name) : result.Other.SetItem(name, value) },
                _ => throw SqsErrors.InvalidAttributeName(name),
            };
        }

        return result;
    }

    /// <summary>The settable attributes with their current values, as GetQueueAttributes reports them.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToAttributes()
    {
        yield return Pair("VisibilityTimeout", VisibilityTimeout);
        yield return Pair("DelaySeconds", DelaySeconds);
        yield return Pair("MaximumMessageSize", MaximumMessageSize);
        yield return Pair("MessageRetentionPeriod", MessageRetentionPeriod);
        yield return Pair("ReceiveMessageWaitTimeSeconds", ReceiveMessageWaitTimeSeconds);
        if (RedrivePolicy is { } redrive)
        {
            yield return new("RedrivePolicy", redrive.ToString());
        }

        foreach (var pair in Other)
        {
            yield return pair;
        }
    }

    /// <summary>True when every given attribute already has this value (CreateQueue's idempotency rule).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> attributes)
    {
        var wanted = Default.With(attributes).ToAttributes().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var current = ToAttributes().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return attributes.Keys.All(name =>
            wanted.GetValueOrDefault(name) == current.GetValueOrDefault(name));
    }

    private static KeyValuePair<string, string> Pair(string name, int value) => new(name, value.ToString(CultureInfo.InvariantCulture));

    private static int Integer(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw SqsErrors.InvalidAttributeValue(name, $"Must be an integer from {min} to {max}.");
}
