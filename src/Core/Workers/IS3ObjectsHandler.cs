using GapTools.Core.Sqs;

namespace GapTools.Core.Workers;

/// <summary>
/// What a tool does with the objects named by one unit of work (one SQS message, one event-file entry or one
/// backfill page). The answer says what happens to the SQS message, so "acknowledge only after the sink
/// succeeded" is decided in one place per tool.
/// </summary>
public interface IS3ObjectsHandler
{
    Task<MessageDisposition> HandleAsync(S3ObjectsWork work, CancellationToken cancellationToken);
}
