namespace GapTools.LocalAws.Tests.Redshift;

/// <summary>Polls a condition until it holds or a deadline passes (no fixed sleeps for ordering).</summary>
internal static class Eventually
{
    public static async Task WaitForAsync(Func<Task<long>> count, long atLeast = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (await count() < atLeast)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold before the deadline.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static async Task WaitForAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold before the deadline.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
