using GapTools.Cli;
using GapTools.S3ToCloudSearch;
using GapTools.S3ToCloudSearch.Configuration;
using Microsoft.Extensions.DependencyInjection;

// s3-to-cloudsearch [--config F] [--batch] [--max-execution-time 10m] [--dry-run] [--event-file F] [--log-format json] [--log-level L] [--set K=V]…
// s3-to-cloudsearch backfill s3://bucket/prefix [same options]
// As a Lambda function (the binary as `bootstrap`, AWS_LAMBDA_RUNTIME_API set): configuration from the environment, no arguments.
if (LambdaHost.IsLambda)
{
    return await LambdaHost.RunAsync<S3ToCloudSearchWorker>(S3ToCloudSearchOptions.SectionName, (services, configuration) => services.AddS3ToCloudSearchWorker(configuration));
}

return await WorkerCommandLine.InvokeAsync("s3-to-cloudsearch", "index S3 JSON lines objects into Amazon CloudSearch", args,
    async (invocation, overrides, ct) =>
    {
        var builder = WorkerHost.CreateBuilder(invocation, overrides, S3ToCloudSearchOptions.SectionName);
        if (invocation.Source == WorkerSource.Sqs)
        {
            // The hosted service, which requires S3ToCloudSearch:Sqs:Queue (so does a dry run of it).
            builder.Services.AddS3ToCloudSearch(builder.Configuration);
        }
        else
        {
            // An event file or a backfill hands the worker its work: no queue, no hosted service.
            builder.Services.AddS3ToCloudSearchWorker(builder.Configuration);
        }

        using var host = builder.Build();
        return await WorkerHost.RunAsync<S3ToCloudSearchWorker>(host, invocation, S3ToCloudSearchOptions.SectionName, ct);
    });
