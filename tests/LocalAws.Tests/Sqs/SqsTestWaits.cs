using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>Waits on observable server state with a deadline, instead of sleeping for ordering.</summary>
internal static class SqsTestWaits
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Completes once <paramref name="count"/> long polls are parked on the queue.</summary>
    public static Task LongPollersAsync(LocalAwsServer server, string queueUrl, int count = 1) =>
        UntilAsync(() => server.State.Sqs.Get(queueUrl).Waiters == count, $"{count} long poll(s) wait on {queueUrl}");
}
