using GapTools.Cli;
using GapTools.S3ToRedshift;
using GapTools.S3ToRedshift.Cli;
using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Configuration.Rin;
using Microsoft.Extensions.DependencyInjection;

// s3-to-redshift [--config F(.json|.yaml)] [--batch] [--max-execution-time 10m] [--dry-run] [--event-file F] [--log-format json] [--log-level L] [--set K=V]…
// s3-to-redshift backfill s3://bucket/prefix [same options]
// Rin's flags work too (-config/-c, -batch/-b, -debug/-d, -max-execution-time 1h30m, -dry-run, -version/-v, RIN_* variables).
// As a Lambda function (the binary as `bootstrap`, AWS_LAMBDA_RUNTIME_API set): configuration from the environment, no arguments.
if (LambdaHost.IsLambda)
{
    return await LambdaHost.RunAsync<S3ToRedshiftWorker>(S3ToRedshiftDefaults.SectionName, (services, configuration) => services.AddS3ToRedshiftWorker(configuration));
}

var arguments = RinArguments.Translate(args, Environment.GetEnvironmentVariable, out var rinProblem);
if (rinProblem is not null)
{
    await Console.Error.WriteLineAsync("Configuration error: " + rinProblem);
    return 1;
}

return await WorkerCommandLine.InvokeAsync(
    "s3-to-redshift",
    "load S3 objects into Amazon Redshift with micro-batched, exactly-once COPY (reads Rin's config.yaml and flags too)",
    arguments,
    async (invocation, overrides, cancellationToken) =>
    {
        const string section = S3ToRedshiftDefaults.SectionName;
        try
        {
            var builder = WorkerHost.CreateBuilder(invocation, overrides, section, RinYamlConfigurationSource.ForFile);
            if (invocation.Source == WorkerSource.Sqs)
            {
                builder.Services.AddS3ToRedshift(builder.Configuration);         // the hosted worker: the queue is required
            }
            else
            {
                builder.Services.AddS3ToRedshiftWorker(builder.Configuration);   // an event file or backfill hands it the work
            }

            using var host = builder.Build();
            return await WorkerHost.RunAsync<S3ToRedshiftWorker>(host, invocation, section, cancellationToken);
        }
        catch (RinConfigException e)
        {
            await Console.Error.WriteLineAsync("Configuration error: " + e.Message);
            return 1;
        }
    });
