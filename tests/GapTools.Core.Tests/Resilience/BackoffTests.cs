using GapTools.Core.Resilience;

namespace GapTools.Core.Tests.Resilience;

public class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 400)]
    [InlineData(2, 800)]
    [InlineData(6, 12_800)]
    [InlineData(7, 20_000)]
    [InlineData(500, 20_000)]
    [InlineData(int.MaxValue, 20_000)]
    public void Exponential_doubles_up_to_the_cap(int attempt, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Backoff.Exponential(attempt, Base, Max));

    [Theory]
    [InlineData(0, 0.0, 0)]
    [InlineData(0, 0.5, 100)]
    [InlineData(3, 0.5, 800)]
    [InlineData(3, 0.25, 400)]
    [InlineData(10, 0.5, 10_000)]
    [InlineData(10, 0.999999, 19_999.98)]
    public void Full_jitter_scales_the_exponential_ceiling(int attempt, double random, double expectedMs) =>
        Assert.Equal(expectedMs, Backoff.FullJitter(attempt, Base, Max, random).TotalMilliseconds, precision: 2);

    [Fact]
    public void Full_jitter_never_exceeds_the_cap()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            Assert.InRange(Backoff.FullJitter(attempt, Base, Max, 1.5), TimeSpan.Zero, Max);
        }
    }

    [Fact]
    public void Negative_inputs_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Exponential(-1, Base, Max));
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Exponential(0, TimeSpan.FromTicks(-1), Max));
    }
}
