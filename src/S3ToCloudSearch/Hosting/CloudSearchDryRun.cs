using System.Globalization;
using GapTools.Core.Workers;
using GapTools.S3ToCloudSearch.Configuration;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Hosting;

/// <summary>
/// <c>--dry-run</c>: prints the configuration (routes with user information masked, limits, error location, retry)
/// and, for <c>--event-file</c>, which endpoint each object would go to. Touches nothing.
/// </summary>
internal sealed class CloudSearchDryRun(IOptions<S3ToCloudSearchOptions> options, IOptions<SqsSourceOptions> sqs) : IWorkerDryRun
{
    public async Task WriteAsync(WorkerInvocation invocation, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(output);
        var o = options.Value;
        var routes = new EndpointRoutes(o);
        var text = new List<string>
        {
            "s3-to-cloudsearch configuration",
            "routes:",
        };
        text.AddRange(routes.ToString().Split(Environment.NewLine).Select(line => "  " + line));
        text.Add(Invariant($"batches: at most {o.MaxBatchBytes:N0} bytes; minimum interval between uploads to a domain: {(o.MinUploadInterval > TimeSpan.Zero ? o.MinUploadInterval.ToString() : "off")}"));
        text.Add(Invariant($"lines: at most {o.MaxLineBytes:N0} bytes; documents at most 1,048,576 bytes"));
        text.Add($"error lines: {(string.IsNullOrWhiteSpace(o.ErrorsLocation) ? "logged only" : $"logged and written under {o.ErrorsLocation}")}");
        text.Add(Invariant($"uploads: timeout {o.UploadTimeout}, {o.UploadRetry.MaxRetryAttempts} retries ({o.UploadRetry.BaseDelay} to {o.UploadRetry.MaxDelay}, {o.UploadRetry.Jitter} jitter); failed messages come back after {o.FailedMessageDelay}"));
        text.Add($"source: {Source(invocation)}");
        if (invocation.EventFile is { } file)
        {
            text.Add("events:");
            foreach (var entry in EventFile.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)))
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

    private string Source(WorkerInvocation invocation) => invocation.Source switch
    {
        WorkerSource.EventFile => $"event file {invocation.EventFile}",
        WorkerSource.Backfill => $"backfill {invocation.Backfill}",
        _ => $"SQS queue {sqs.Value.Queue ?? "(not set)"}{(sqs.Value.DeadLetterQueue is { } dlq ? $", dead letters to {dlq}" : "")}"
            + (invocation.Batch ? ", until drained (--batch)" : "")
            + (invocation.MaxExecutionTime is { } max ? $", for at most {max}" : ""),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
