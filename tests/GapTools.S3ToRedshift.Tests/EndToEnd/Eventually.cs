namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>Polls a condition with a deadline instead of sleeping for a guessed time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, Func<string>? onTimeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The condition did not become true in time. " + onTimeout?.Invoke());
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
