using GapTools.Core;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;
using GapTools.Workers;

namespace GapTools.S3ToRedshift.Hosting;

/// <summary>
/// <c>--dry-run</c>: the destination and every rule (secrets masked), then for each event of <c>--event-file</c>
/// the target and the COPY it would run (masked). Touches nothing.
/// </summary>
internal static class RedshiftDryRun
{
    public static async Task WriteAsync(S3ToRedshiftOptions options, IReadOnlyList<RouteRule> rules, string? eventFile, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync($"Destination: {options.Redshift.Describe()}").ConfigureAwait(false);
        await output.WriteLineAsync($"Source: SQS queue {options.Sqs.Queue}{(options.Sqs.DeadLetterQueue is { } dlq ? $", dead letters to {dlq}" : "")}").ConfigureAwait(false);
        await output.WriteLineAsync("Targets:").ConfigureAwait(false);
        foreach (var rule in rules)
        {
            await output.WriteLineAsync($"  [{rule.Index}] {rule}").ConfigureAwait(false);
        }

        if (eventFile is null)
        {
            return;
        }

        var router = new Router(rules);
        var hasManifest = S3Uri.TryParse(options.Manifest.Prefix, out var manifest, out _);
        var credentials = options.Copy.Authorization == CopyAuthorization.IamRole
            ? CopyCredentials.IamRole(options.Copy.IamRole!)
            : CopyCredentials.AccessKey("masked", "masked", null);
        await output.WriteLineAsync("Events:").ConfigureAwait(false);
        foreach (var entry in EventFile.Parse(await File.ReadAllTextAsync(eventFile, cancellationToken).ConfigureAwait(false)))
        {
            var where = $"line {entry.LineNumber}";
            foreach (var rejection in entry.Events.Rejected)
            {
                await output.WriteLineAsync($"  {where}: rejected: {rejection.Reason}").ConfigureAwait(false);
            }

            foreach (var ignored in entry.Events.Ignored)
            {
                await output.WriteLineAsync($"  {where}: {ignored.EventName} ignored ({ignored.Reason})").ConfigureAwait(false);
            }

            foreach (var item in entry.Events.Created.Select(c => c.Object))
            {
                var decision = router.Route(item.Bucket, item.Key);
                var url = S3Uri.Format(item.Bucket, item.Key);
                if (decision.IsUnmatched)
                {
                    await output.WriteLineAsync($"  {url}: matches no target ({options.UnmatchedEvents})").ConfigureAwait(false);
                }

                foreach (var discard in decision.Discarded)
                {
                    await output.WriteLineAsync($"  {url}: discarded by target {discard.Index}").ConfigureAwait(false);
                }

                foreach (var error in decision.Errors)
                {
                    await output.WriteLineAsync($"  {url}: error: {error}").ConfigureAwait(false);
                }

                foreach (var load in decision.Loads)
                {
                    var copy = !hasManifest
                        ? new CopyCommand(load.Table, url, isManifest: false, credentials, load.Rule.Region, load.Rule.CopyParameters)
                        : new CopyCommand(load.Table, S3Uri.Format(manifest!.Bucket, manifest.Prefix + "yyyy/MM/dd/<batch>.manifest"), isManifest: true, credentials, load.Rule.Region, load.Rule.CopyParameters);
                    await output.WriteLineAsync($"  {url} => {load.Table} (target {load.Rule.Index}): {copy}").ConfigureAwait(false);
                }
            }
        }
    }
}
