using Amazon.S3;
using GapTools.Core.Sqs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GapTools.Core.Workers;

/// <summary>
/// The hosted service of every GapTools worker: runs SQS consumption, an event-file replay or a backfill, then
/// stops the host when the run is over (drained, replayed, time limit). A failure stops the host with exit code 1
/// instead of leaving a half-dead process; a permanent error (bad credentials, missing queue) is not retried.
/// </summary>
public sealed partial class S3WorkerService(
    WorkerInvocation invocation,
    WorkerExit exit,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<S3WorkerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var succeeded = invocation.Source switch
            {
                WorkerSource.EventFile => Report(await Runner.RunEventFileAsync(invocation.EventFile!, stoppingToken)),
                WorkerSource.Backfill => Report(await Runner.RunBackfillAsync(services.GetRequiredService<IAmazonS3>(), invocation.Backfill!, stoppingToken)),
                _ => Report(await RunSqsAsync(stoppingToken)),
            };
            exit.Code = succeeded ? 0 : 1;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped by SIGTERM/Ctrl+C: in-flight work was finished or released by the consumer.
        }
#pragma warning disable CA1031 // Any failure ends the run with a clear log line and exit code 1, never a silent hang.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
            exit.Code = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private S3WorkRunner Runner => services.GetRequiredService<S3WorkRunner>();

    private async Task<SqsConsumerSummary> RunSqsAsync(CancellationToken stoppingToken)
    {
        var source = services.GetRequiredService<IOptions<SqsSourceOptions>>().Value;
        var consumer = await services.GetRequiredService<SqsWorkerFactory>().CreateAsync(source, invocation, stoppingToken);
        return await consumer.RunAsync(stoppingToken);
    }

    private bool Report(WorkRunSummary summary)
    {
        foreach (var failure in summary.Failures)
        {
            LogUnitFailed(logger, failure);
        }

        LogRunSummary(logger, invocation.Source, summary);
        return summary.Succeeded;
    }

    // The consumer logs its own summary when it stops ("Stopped consuming … (Drained): …"); not repeated here.
    private static bool Report(SqsConsumerSummary summary) => summary is not null;

    [LoggerMessage(Level = LogLevel.Critical, Message = "Worker stopped by an error it cannot recover from")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Not processed: {Failure}")]
    private static partial void LogUnitFailed(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run over ({Source}): {Summary}")]
    private static partial void LogRunSummary(ILogger logger, WorkerSource source, object summary);
}
