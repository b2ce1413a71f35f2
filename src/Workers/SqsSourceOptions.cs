using System.ComponentModel.DataAnnotations;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Options;

namespace GapTools.Workers;

/// <summary>The queue a worker consumes (section <c>&lt;Tool&gt;:Sqs</c>, e.g. <c>S3ToRedshift:Sqs</c>).</summary>
// Properties are settable (not init) so the compile-time configuration binder can fill them.
public sealed record SqsSourceOptions
{
    /// <summary>Queue name or URL. Required when the worker reads SQS.</summary>
    public string? Queue { get; set; }

    /// <summary>
    /// Where messages that can never succeed go (malformed events, unmatched keys). Null leaves them in the queue
    /// for its redrive policy to move after maxReceiveCount.
    /// </summary>
    public string? DeadLetterQueue { get; set; }

    /// <summary>Polling, visibility and stop settings.</summary>
    [Required]
    [ValidateObjectMembers]
    public SqsConsumerOptions Consumer { get; set; } = new();
}
