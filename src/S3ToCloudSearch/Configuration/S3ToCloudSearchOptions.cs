using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using GapTools.Core;
using GapTools.Core.Resilience;
using GapTools.S3ToCloudSearch.Conversion;
using GapTools.Workers;
using GapTools.Workers.Outage;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>
/// Configuration of S3ToCloudSearch (section <c>S3ToCloudSearch</c>). Defaults are in <see cref="S3ToCloudSearchDefaults"/>.
/// AWS access (region, endpoint, credentials) is not here: it is the standard <c>AWS</c> section overlaid by
/// <c>S3ToCloudSearch:AWS</c> (see <see cref="AwsSettings"/>).
/// </summary>
// Settable (not init) so Action<S3ToCloudSearchOptions> configuration and the compile-time binder can fill them.
public sealed record S3ToCloudSearchOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "S3ToCloudSearch";

    /// <summary>
    /// Document endpoint for keys no route selects, e.g. <c>https://doc-movies-abc123.us-east-1.cloudsearch.amazonaws.com</c>
    /// (a bare host name, as s32cs's <c>ENDPOINT</c> takes it, means https). Defaults to none: such keys are then errors.
    /// </summary>
    public string? DocumentEndpoint { get; set; }

    /// <summary>Named document endpoints that <see cref="KeyRegexp"/>'s first capture group selects. Defaults to none.</summary>
    public Dictionary<string, string> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Regular expression matched against each object key; its first capture group names an entry of
    /// <see cref="Endpoints"/>, or with <see cref="KeyRegexpCapture"/> <c>Endpoint</c> is the endpoint itself (s32cs's
    /// <c>KEY_REGEXP</c>). Keys it does not match go to <see cref="DocumentEndpoint"/>. Defaults to none.
    /// </summary>
    public string? KeyRegexp { get; set; }

    /// <summary>
    /// What <see cref="KeyRegexp"/>'s capture is: the name of an entry of <see cref="Endpoints"/> (the default,
    /// <see cref="Configuration.KeyRegexpCapture.EndpointName"/>) or, as in s32cs, the endpoint itself
    /// (<see cref="Configuration.KeyRegexpCapture.Endpoint"/>), so an s32cs <c>KEY_REGEXP</c> carries over unchanged.
    /// </summary>
    public KeyRegexpCapture KeyRegexpCapture { get; set; } = KeyRegexpCapture.EndpointName;

    /// <summary>Largest batch in bytes. Defaults to 5,242,880 (CloudSearch's limit); may be set lower, down to 1 MB + 2.</summary>
    [Range(S3ToCloudSearchDefaults.MinBatchBytes, SdfLimits.MaxBatchBytes)]
    public int MaxBatchBytes { get; set; } = S3ToCloudSearchDefaults.MaxBatchBytes;

    /// <summary>
    /// How long the first document of a partly filled batch waits for more (the messages received after its own)
    /// before the batch is uploaded anyway, 0 to 10 minutes. A batch goes earlier when it is full, when the queue is
    /// drained (a receive returns nothing) or when the worker stops; zero sends a batch as soon as no message reads
    /// into it (s32cs's pace: one upload per object at one message in flight). Defaults to 1 s.
    /// </summary>
    public TimeSpan MaxBatchWait { get; set; } = S3ToCloudSearchDefaults.MaxBatchWait;

    /// <summary>
    /// Least time between two uploads to one domain (AWS suggests about one batch per 10 s for small domains).
    /// Defaults to zero (off).
    /// </summary>
    public TimeSpan MinUploadInterval { get; set; } = S3ToCloudSearchDefaults.MinUploadInterval;

    /// <summary>Longest input line (or array element) read; longer ones are error lines. Defaults to 2,097,152.</summary>
    [Range(SdfLimits.MaxDocumentBytes, 64 * SdfLimits.MaxDocumentBytes)]
    public int MaxLineBytes { get; set; } = S3ToCloudSearchDefaults.MaxLineBytes;

    /// <summary>
    /// Where error lines are written as JSON lines, <c>s3://bucket/prefix/</c>. Defaults to none (error lines are
    /// only logged and counted).
    /// </summary>
    public string? ErrorsLocation { get; set; }

    /// <summary>Time limit of one upload attempt. Defaults to 2 minutes.</summary>
    public TimeSpan UploadTimeout { get; set; } = S3ToCloudSearchDefaults.UploadTimeout;

    /// <summary>
    /// Retries of an upload on throttling, 5xx (504, 507, 509 included), timeouts and dropped connections, with
    /// jittered exponential backoff. Defaults to <see cref="RetryDefaults"/> (5 retries, 200 ms up to 20 s).
    /// </summary>
    [ValidateObjectMembers]
    public RetryOptions UploadRetry { get; set; } = new();

    /// <summary>
    /// How long a message whose documents could not all be uploaded because of a permanent error (403, an unknown
    /// domain) stays invisible before SQS delivers it again. Defaults to 60 s. A message released because CloudSearch
    /// is down waits <see cref="SinkOutage"/>'s release delay instead.
    /// </summary>
    public TimeSpan FailedMessageDelay { get; set; } = S3ToCloudSearchDefaults.FailedMessageDelay;

    /// <summary>
    /// How the worker rides out an outage of a CloudSearch domain (section <c>S3ToCloudSearch:SinkOutage</c>): while
    /// uploads fail transiently past <see cref="UploadRetry"/>, receiving pauses, the messages already held stay in
    /// flight (kept invisible) for up to <see cref="SinkOutageOptions.MaxHold"/> while the domain is probed with
    /// jittered backoff, and a message released after that comes back after a delay that grows with the outage.
    /// Defaults to <see cref="SinkOutageOptions"/>' (15 minutes' hold, probes every 1 s to 30 s, release after 30 s to 15 minutes).
    /// </summary>
    public SinkOutageOptions SinkOutage { get; set; } = new();

    /// <summary>
    /// The queue of S3 event notifications (<c>S3ToCloudSearch:Sqs:Queue</c>, required to read SQS), its dead-letter
    /// queue (default none: the queue's redrive policy moves undeliverable messages) and the consumer's polling,
    /// visibility and stop settings (<c>S3ToCloudSearch:Sqs:Consumer:*</c>, defaults in <see cref="Workers.Sqs.SqsConsumerDefaults"/>,
    /// except that, unless set, 2,000 messages are kept in flight with 4 receives at once so batches fill from many
    /// objects: <see cref="S3ToCloudSearchDefaults.MaxInFlight"/>).
    /// </summary>
#pragma warning disable SYSLIB1212 // Validated by S3ToCloudSearchOptionsValidator object by object, so each message names its full key.
    public SqsSourceOptions Sqs { get; set; } = new()
    {
        Consumer = new SqsConsumerOptions { MaxInFlight = S3ToCloudSearchDefaults.MaxInFlight, ReceiveConcurrency = S3ToCloudSearchDefaults.ReceiveConcurrency },
    };
#pragma warning restore SYSLIB1212

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var capturesEndpoint = KeyRegexpCapture == KeyRegexpCapture.Endpoint;
        if (string.IsNullOrWhiteSpace(DocumentEndpoint) && (string.IsNullOrWhiteSpace(KeyRegexp) || (!capturesEndpoint && Endpoints.Count == 0)))
        {
            yield return new ValidationResult(
                $"{nameof(DocumentEndpoint)} is not set, nor {nameof(KeyRegexp)}{(capturesEndpoint ? "" : $" with {nameof(Endpoints)}")}: no object could be routed.",
                [nameof(DocumentEndpoint)]);
        }

        if (!string.IsNullOrWhiteSpace(DocumentEndpoint) && !EndpointAddress.TryParse(DocumentEndpoint, out _))
        {
            yield return new ValidationResult($"{nameof(DocumentEndpoint)} must be an http(s) URL or a host name (https is implied).", [nameof(DocumentEndpoint)]);
        }

        foreach (var (name, url) in Endpoints)
        {
            if (!EndpointAddress.TryParse(url, out _))
            {
                yield return new ValidationResult($"{nameof(Endpoints)}:{name} must be an http(s) URL or a host name (https is implied).", [$"{nameof(Endpoints)}:{name}"]);
            }
        }

        if (!Enum.IsDefined(KeyRegexpCapture))
        {
            yield return new ValidationResult($"{nameof(KeyRegexpCapture)} must be EndpointName or Endpoint.", [nameof(KeyRegexpCapture)]);
        }
        else if (capturesEndpoint && string.IsNullOrWhiteSpace(KeyRegexp))
        {
            yield return new ValidationResult($"{nameof(KeyRegexpCapture)} is Endpoint but {nameof(KeyRegexp)} is not set: there is no capture to take the endpoint from.", [nameof(KeyRegexpCapture)]);
        }

        if (capturesEndpoint && Endpoints.Count > 0)
        {
            yield return new ValidationResult(
                $"{nameof(Endpoints)} is not used when {nameof(KeyRegexpCapture)} is Endpoint ({nameof(KeyRegexp)}'s capture is the endpoint itself, as in s32cs): remove {nameof(Endpoints)}, or set {nameof(KeyRegexpCapture)} to EndpointName to select among them.",
                [nameof(Endpoints)]);
        }

        if (KeyRegexp is { Length: > 0 } pattern)
        {
            string? problem = null;
            try
            {
                if (new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)).GetGroupNumbers().Length < 2 && !capturesEndpoint)
                {
                    problem = "has no capture group to select an endpoint";
                }
            }
            catch (ArgumentException e)
            {
                problem = $"is not a valid regular expression ({e.Message})";
            }

            if (problem is not null)
            {
                yield return new ValidationResult($"{nameof(KeyRegexp)} {problem}.", [nameof(KeyRegexp)]);
            }
            else if (!capturesEndpoint && Endpoints.Count == 0)
            {
                yield return new ValidationResult(
                    $"{nameof(KeyRegexp)} is set but {nameof(Endpoints)} is empty: name the endpoints its capture selects in {nameof(Endpoints)}, or set {nameof(KeyRegexpCapture)} to Endpoint for s32cs's meaning (the capture is the endpoint itself).",
                    [nameof(KeyRegexp)]);
            }
        }

        if (ErrorsLocation is { Length: > 0 } errors && !S3Uri.TryParse(errors, out _, out var error))
        {
            yield return new ValidationResult($"{nameof(ErrorsLocation)}: {error}.", [nameof(ErrorsLocation)]);
        }

        if (MaxBatchWait < TimeSpan.Zero || MaxBatchWait > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"{nameof(MaxBatchWait)} must be between 0 and 10 minutes.", [nameof(MaxBatchWait)]);
        }

        if (MinUploadInterval < TimeSpan.Zero || MinUploadInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{nameof(MinUploadInterval)} must be between 0 and 1 hour.", [nameof(MinUploadInterval)]);
        }

        if (FailedMessageDelay < TimeSpan.Zero || FailedMessageDelay > TimeSpan.FromHours(12))
        {
            yield return new ValidationResult($"{nameof(FailedMessageDelay)} must be between 0 and 12 hours (SQS's visibility limit).", [nameof(FailedMessageDelay)]);
        }

        if (UploadTimeout <= TimeSpan.Zero || UploadTimeout > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{nameof(UploadTimeout)} must be more than 0 and at most 1 hour.", [nameof(UploadTimeout)]);
        }
    }
}
