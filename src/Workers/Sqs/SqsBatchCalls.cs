using Amazon.Runtime;
using GapTools.Core.Resilience;
using Polly;

namespace GapTools.Workers.Sqs;

/// <summary>Runs a batch call through a retry pipeline, retrying only the entries that failed on the service side.</summary>
internal static class SqsBatchCalls
{
    /// <summary>Returns the entries that finally failed; never throws except for cancellation of <paramref name="cancellationToken"/>.</summary>
    public static async Task<IReadOnlyList<SqsBatchFailure>> RunAsync(
        ResiliencePipeline pipeline,
        IReadOnlyList<SqsMessage> messages,
        Func<IReadOnlyList<SqsMessage>, CancellationToken, Task<IReadOnlyList<SqsBatchFailure>>> call,
        CancellationToken cancellationToken)
    {
        var remaining = messages;
        var permanent = new List<SqsBatchFailure>();
        try
        {
            await pipeline.ExecuteAsync(
                async token =>
                {
                    var failures = await call(remaining, token).ConfigureAwait(false);

                    // A sender fault (bad receipt handle, message not in flight) fails again on retry.
                    permanent.AddRange(failures.Where(f => f.SenderFault));
                    var retryable = failures.Where(f => !f.SenderFault).ToList();
                    remaining = retryable.Select(f => f.Entry).ToList();
                    if (retryable.Count > 0)
                    {
                        throw new SqsBatchEntriesFailedException(retryable);
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return permanent;
        }
        catch (SqsBatchEntriesFailedException e)
        {
            return [.. permanent, .. e.Failures];
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var code = e is AmazonServiceException { ErrorCode: { } errorCode } ? errorCode : e.GetType().Name;
            return [.. permanent, .. remaining.Select(m => new SqsBatchFailure(m, code, false, ErrorSummary.Describe(e)))];
        }
    }
}
