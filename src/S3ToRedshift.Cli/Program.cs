using GapTools.Core.Workers;
using GapTools.S3ToRedshift.Configuration.Rin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;

// s3-to-redshift [--config F(.json|.yaml)] [--batch] [--max-execution-time 10m] [--dry-run] [--event-file F] [--log-format json] [--set K=V]…
// s3-to-redshift backfill s3://bucket/prefix [same options]
return await WorkerCommandLine.InvokeAsync(
    "s3-to-redshift",
    "load S3 objects into Amazon Redshift with micro-batched, exactly-once COPY (reads Rin's config.yaml too)",
    args,
    async (invocation, overrides, cancellationToken) =>
    {
        try
        {
            return await WorkerHost.RunAsync(
                invocation,
                overrides,
                builder =>
                {
                    if (invocation.ConfigFile is { } file && (file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
                    {
                        // A Rin config.yaml ranks where a JSON --config would: below GAPTOOLS_ variables and --set.
                        var sources = builder.Configuration.Sources;
                        var environment = sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource);
                        sources.Insert(environment < 0 ? sources.Count : environment, new RinYamlConfigurationSource { Path = file });
                    }

                    builder.Services.AddS3ToRedshift(builder.Configuration);
                },
                cancellationToken);
        }
        catch (RinConfigException e)
        {
            await Console.Error.WriteLineAsync("Configuration error: " + e.Message);
            return 1;
        }
    });
