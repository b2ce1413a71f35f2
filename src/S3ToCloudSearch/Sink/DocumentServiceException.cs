using System.Net;
using Amazon.Runtime;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// The document service refused a batch (AWSSDK.CloudSearchDomain's <c>DocumentServiceException</c>), with the
/// per-document messages of its <c>errors</c> list when it gave them. Derives from
/// <see cref="AmazonServiceException"/> so the core's transient-error rules classify it like SDK errors.
/// </summary>
#pragma warning disable CA1032 // Only ever created from a response; the standard constructors have no use.
internal sealed class DocumentServiceException(string message, string? errorCode, string? requestId, HttpStatusCode status, IReadOnlyList<string> errors)
    : AmazonServiceException(message, (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, status)
#pragma warning restore CA1032
{
    /// <summary>The messages of the response's <c>errors</c> list (empty when the response had none).</summary>
    public IReadOnlyList<string> Errors { get; } = errors;

    /// <summary>True when the service rejected documents of the batch (HTTP 400 with <c>"status":"error"</c>).</summary>
    public bool IsDocumentRejection => StatusCode == HttpStatusCode.BadRequest && Errors.Count > 0;

    /// <summary>
    /// True when the refusal cannot be the batch's fault although its status says so (see <see cref="AsTransient"/>):
    /// <see cref="Classify"/> then calls it transient, so it is retried and, past the retries, held like an outage.
    /// </summary>
    public bool IsTransient { get; private init; }

    /// <summary>
    /// The upload edge's extra classifier (its retry pipeline's and its outage's): refusals marked
    /// <see cref="IsTransient"/> are transient; everything else is left to the core's rules.
    /// </summary>
    public static bool? Classify(Exception exception) => exception is DocumentServiceException { IsTransient: true } ? true : null;

    /// <summary>The same refusal, marked transient, with <paramref name="why"/> added to the message.</summary>
    public DocumentServiceException AsTransient(string why) =>
        new($"{Message} ({why})", ErrorCode, RequestId, StatusCode, Errors) { IsTransient = true };
}
