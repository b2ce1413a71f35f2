using GapTools.Workers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToRedshift.Hosting;

/// <summary>
/// The hosted service <c>AddS3ToRedshift</c> registers: runs <see cref="S3ToRedshiftWorker"/> in any Generic Host
/// application and closes its batches when the host stops (see <see cref="S3WorkerService"/>).
/// </summary>
public sealed class S3ToRedshiftService(S3ToRedshiftWorker worker, IHostApplicationLifetime lifetime, ILogger<S3ToRedshiftService> logger)
    : S3WorkerService(worker, lifetime, logger);
