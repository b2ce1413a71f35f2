using GapTools.Core.Resilience;

namespace GapTools.Core.Tests.Resilience;

public class RetryOptionsTests
{
    private static readonly RetryOptionsValidator Validator = new();

    [Fact]
    public void Defaults_are_valid_and_documented_values()
    {
        var options = new RetryOptions();

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.Equal(5, options.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), options.MaxDelay);
        Assert.Equal(RetryJitter.Decorrelated, options.Jitter);
    }

    [Theory]
    [InlineData(-1, 200, 20_000, "MaxRetryAttempts")]
    [InlineData(101, 200, 20_000, "MaxRetryAttempts")]
    [InlineData(5, 700_000, 3_000_000, "BaseDelay")]
    [InlineData(5, 200, 0, "MaxDelay")]
    [InlineData(5, 2_000, 1_000, "must not be shorter than BaseDelay")]
    public void Out_of_range_values_are_reported(int attempts, int baseMs, int maxMs, string expected)
    {
        var options = new RetryOptions
        {
            MaxRetryAttempts = attempts,
            BaseDelay = TimeSpan.FromMilliseconds(baseMs),
            MaxDelay = TimeSpan.FromMilliseconds(maxMs),
        };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_jitter_is_reported()
    {
        var result = Validator.Validate(null, new RetryOptions { Jitter = (RetryJitter)42 });

        Assert.True(result.Failed);
        Assert.Contains("Jitter", result.FailureMessage, StringComparison.Ordinal);
    }
}
