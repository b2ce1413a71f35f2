using System.Globalization;
using GapTools.S3ToCloudSearch.Configuration;
using GapTools.Workers;
using GapTools.Workers.Sqs;

namespace GapTools.S3ToCloudSearch.Hosting;

/// <summary>
/// <c>--dry-run</c>: prints the configuration (routes with user information masked, limits, error location, retry, outage,
/// AWS region and endpoint, the queue) and, for an event file, which endpoint each object would go to. Touches nothing.
/// </summary>
internal static class DryRun
{
    public static async Task WriteAsync(
        S3ToCloudSearchOptions o, EndpointRoutes routes, string region, Uri? serviceUrl, TextWriter output, string? eventFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = new List<string>
        {
            "s3-to-cloudsearch configuration",
            "routes:",
        };
        text.AddRange(routes.ToString().Split(Environment.NewLine).Select(line => "  " + line));
        text.Add(Invariant($"batches: at most {o.MaxBatchBytes:N0} bytes; minimum interval between uploads to a domain: {(o.MinUploadInterval > TimeSpan.Zero ? o.MinUploadInterval.ToString() : "off")}"));
        text.Add(Invariant($"lines: at most {o.MaxLineBytes:N0} bytes; documents at most 1,048,576 bytes"));
        text.Add($"error lines: {(string.IsNullOrWhiteSpace(o.ErrorsLocation) ? "logged only" : $"logged and written under {o.ErrorsLocation}")}");
        text.Add(Invariant($"uploads: timeout {o.UploadTimeout}, {o.UploadRetry.MaxRetryAttempts} retries ({o.UploadRetry.BaseDelay} to {o.UploadRetry.MaxDelay}, {o.UploadRetry.Jitter} jitter); messages whose uploads fail permanently come back after {o.FailedMessageDelay}"));
        text.Add(Invariant($"cloudsearch down: receiving pauses, held messages wait up to {o.SinkOutage.MaxHold} (probes every {o.SinkOutage.ProbeDelay} to {o.SinkOutage.MaxProbeDelay}), then come back after {o.SinkOutage.MinReleaseDelay} to {o.SinkOutage.MaxReleaseDelay}"));
        text.Add($"aws: region {region}, {(serviceUrl is null ? "public endpoints" : $"endpoint {serviceUrl}")}");
        text.Add($"source: {(eventFile is null ? Queue(o.Sqs) : $"event file {eventFile}")}");
        if (eventFile is not null)
        {
            text.Add("events:");
            foreach (var entry in EventFile.Parse(await File.ReadAllTextAsync(eventFile, cancellationToken).ConfigureAwait(false)))
            {
                text.AddRange(entry.Events.Rejected.Select(r => $"  line {entry.LineNumber}: not an S3 event: {r.Reason}"));
                foreach (var created in entry.Events.Created)
                {
                    var endpoint = routes.Route(created.Object.Key, out var error);
                    text.Add($"  {created.Object} => {(endpoint is null ? $"error: {error}" : endpoint.ToString())}");
                }
            }
        }

        foreach (var line in text)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static string Queue(SqsSourceOptions sqs) =>
        $"SQS queue {sqs.Queue ?? "(not set)"}{(sqs.DeadLetterQueue is { } dlq ? $", dead letters to {dlq}" : "")}"
        + (sqs.Consumer.Mode == SqsConsumerMode.DrainAndExit ? ", until drained" : "")
        + (sqs.Consumer.MaxExecutionTime is { } max ? Invariant($", for at most {max}") : "");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
