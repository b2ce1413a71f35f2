using Microsoft.Extensions.Options;

namespace GapTools.Workers;

/// <summary>
/// Reading SQS needs the queue: <c>&lt;Tool&gt;:Sqs:Queue is required</c>. A tool registers it with its hosted service
/// only, so event-file replays, backfills and other adapters that hand the worker its work run without one.
/// </summary>
/// <typeparam name="TOptions">The tool's options.</typeparam>
/// <param name="section">The tool's configuration section (<c>S3ToRedshift</c>).</param>
/// <param name="source">The tool's queue settings within its options.</param>
public sealed class SqsQueueRequired<TOptions>(string section, Func<TOptions, SqsSourceOptions?> source) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        string.IsNullOrWhiteSpace(options is null ? null : source(options)?.Queue)
            ? ValidateOptionsResult.Fail($"{section}:Sqs:Queue is required: the name or URL of the queue that receives the bucket's S3 event notifications.")
            : ValidateOptionsResult.Success;
}
