using GapTools.Core.Workers;
using Microsoft.Extensions.DependencyInjection;

// s3-to-cloudsearch [--config F] [--batch] [--max-execution-time 10m] [--dry-run] [--event-file F] [--log-format json] [--set K=V]…
// s3-to-cloudsearch backfill s3://bucket/prefix [same options]
return await WorkerCommandLine.InvokeAsync(
    "s3-to-cloudsearch",
    "index S3 JSON lines objects into Amazon CloudSearch",
    args,
    (invocation, overrides, cancellationToken) => WorkerHost.RunAsync(
        invocation,
        overrides,
        builder => builder.Services.AddS3ToCloudSearch(builder.Configuration),
        cancellationToken));
