using GapTools.Core.Resilience;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GapTools.Workers;

/// <summary>
/// The hosted-service adapter of an <see cref="IS3Worker"/>: runs it in any Generic Host application, closes its
/// batches when the host stops (SIGTERM), and stops the application when the worker ends by itself (drained in
/// drain mode, max execution time) or fails. A failure is logged in one line and sets the process exit code to 1;
/// the worker's own code decides what is retried. Each tool derives its own service type, so several tools can
/// run in one host.
/// </summary>
public abstract partial class S3WorkerService(IS3Worker worker, IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
    /// <summary>The error that ended the worker, if any.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The worker this service runs (its <see cref="IS3Worker.Readiness"/> is what a readiness probe reports).</summary>
    public IS3Worker Worker => worker;

    /// <summary>What the consumer did, once it stopped.</summary>
    public SqsConsumerSummary? Summary { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Summary = await worker.RunAsync(stoppingToken).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested)
            {
                // Drained (drain mode) or out of time: the run is over.
                lifetime.StopApplication();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped by the host: in-flight work was finished or released by the consumer.
        }
#pragma warning disable CA1031 // Any failure ends the run with one clear line and exit code 1, never a silent hang.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Failure = e;
            var error = ErrorSummary.Describe(e);
            LogFailed(logger, worker.Name, error);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        worker.BeginStop();
        return base.StopAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Tool} stopped: {Error}")]
    private static partial void LogFailed(ILogger logger, string tool, string error);
}
