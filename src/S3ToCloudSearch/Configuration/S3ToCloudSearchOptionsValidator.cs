using GapTools.Workers.Sqs;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>
/// Validates <see cref="S3ToCloudSearchOptions"/> (AOT-safe; registered with <c>ValidateOnStart</c> by
/// <c>AddS3ToCloudSearch</c>): every problem at once, each starting with its full configuration key, such as
/// <c>S3ToCloudSearch:MaxBatchBytes must be between 1048578 and 5242880.</c> or
/// <c>S3ToCloudSearch:Sqs:Consumer:WaitTime must be between 00:00:00 and 00:00:20.</c> The queue itself is not
/// required here: only reading SQS needs it (the hosted service's registration requires it).
/// </summary>
public sealed class S3ToCloudSearchOptionsValidator : IValidateOptions<S3ToCloudSearchOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, S3ToCloudSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options, S3ToCloudSearchOptions.SectionName).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Failures(S3ToCloudSearchOptions options, string key)
    {
        foreach (var failure in ConfigurationKeys.Annotations(new S3ToCloudSearchOptionsAnnotations(), key, options)
            .Concat(ConfigurationKeys.Rules(options, key)))
        {
            yield return failure;
        }

        var retryKey = $"{key}:{nameof(options.UploadRetry)}";
        foreach (var failure in options.UploadRetry is { } retry ? ConfigurationKeys.Rules(retry, retryKey) : [ConfigurationKeys.Required(retryKey)])
        {
            yield return failure;
        }

        var outageKey = $"{key}:{nameof(options.SinkOutage)}";
        foreach (var failure in options.SinkOutage is { } outage ? outage.Problems(outageKey) : [ConfigurationKeys.Required(outageKey)])
        {
            yield return failure;
        }

        foreach (var failure in Sqs(options.Sqs, $"{key}:{nameof(options.Sqs)}"))
        {
            yield return failure;
        }
    }

    private static IEnumerable<string> Sqs(Workers.SqsSourceOptions? sqs, string key)
    {
        var consumerKey = $"{key}:{nameof(sqs.Consumer)}";
        if (sqs?.Consumer is not { } consumer)
        {
            return [ConfigurationKeys.Required(sqs is null ? key : consumerKey)];
        }

        return ConfigurationKeys.Annotations(new SqsConsumerOptionsValidator(), consumerKey, consumer)
            .Concat(ConfigurationKeys.Rules(consumer, consumerKey))
            .Concat(consumer.DeleteRetry is { } delete ? ConfigurationKeys.Rules(delete, $"{consumerKey}:{nameof(consumer.DeleteRetry)}") : [])
            .Concat(consumer.ReceiveRetry is { } receive ? ConfigurationKeys.Rules(receive, $"{consumerKey}:{nameof(consumer.ReceiveRetry)}") : []);
    }
}

/// <summary>The attribute checks of <see cref="S3ToCloudSearchOptions"/>, generated at compile time (no reflection).</summary>
[OptionsValidator]
internal sealed partial class S3ToCloudSearchOptionsAnnotations : IValidateOptions<S3ToCloudSearchOptions>;
