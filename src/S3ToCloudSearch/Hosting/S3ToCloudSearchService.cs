using GapTools.Workers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Hosting;

/// <summary>
/// S3ToCloudSearch as a hosted service of any Generic Host application (registered by <c>AddS3ToCloudSearch</c>):
/// consumes <c>S3ToCloudSearch:Sqs:Queue</c> from start to stop; when the worker ends by itself (drained in
/// <c>DrainAndExit</c> mode, out of <c>MaxExecutionTime</c>) or fails, the application stops (a failure sets exit
/// code 1). Its own type, so it runs beside other GapTools workers in one host.
/// </summary>
public sealed class S3ToCloudSearchService(S3ToCloudSearchWorker worker, IHostApplicationLifetime lifetime, ILogger<S3ToCloudSearchService> logger)
    : S3WorkerService(worker, lifetime, logger);
