namespace GapTools.Core.Tests.Fakes;

/// <summary>Polls a condition against a real-time deadline (for work running on other threads), never a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task True(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Advances <paramref name="time"/> timer by timer until <paramref name="condition"/> holds.</summary>
    public static async Task TrueDriving(Func<bool> condition, ManualTimeProvider time, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}");
            }

            // Let work started by the last timer run before moving the clock again.
            await Task.Delay(2);
            if (!condition())
            {
                time.AdvanceToNextTimer();
            }
        }
    }

    /// <summary>Advances <paramref name="time"/> timer by timer until <paramref name="task"/> completes.</summary>
    public static async Task<T> Completes<T>(Task<T> task, ManualTimeProvider time, TimeSpan? timeout = null)
    {
        await DriveUntil(task, time, timeout);
        return await task;
    }

    /// <summary>Advances <paramref name="time"/> timer by timer until <paramref name="task"/> completes.</summary>
    public static async Task Completes(Task task, ManualTimeProvider time, TimeSpan? timeout = null)
    {
        await DriveUntil(task, time, timeout);
        await task;
    }

    private static async Task DriveUntil(Task task, ManualTimeProvider time, TimeSpan? timeout)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for the task to complete");
            }

            // Let work started by the last timer run before moving the clock again.
            await Task.Delay(2);
            if (!task.IsCompleted)
            {
                time.AdvanceToNextTimer();
            }
        }
    }
}
