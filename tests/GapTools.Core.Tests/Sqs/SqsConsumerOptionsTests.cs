using GapTools.Workers.Sqs;

namespace GapTools.Core.Tests.Sqs;

public class SqsConsumerOptionsTests
{
    [Fact]
    public void Defaults_follow_sqs_limits_and_are_valid()
    {
        var options = new SqsConsumerOptions();

        Assert.True(new SqsConsumerOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(20), options.WaitTime);
        Assert.Equal(10, options.MaxMessagesPerReceive);
        Assert.Equal(TimeSpan.FromSeconds(60), options.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.EffectiveHeartbeatInterval);
        Assert.Equal(10, options.MaxInFlight);
        Assert.Equal(1, options.ReceiveConcurrency);
        Assert.Equal(SqsConsumerMode.Continuous, options.Mode);
        Assert.Null(options.MaxExecutionTime);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ShutdownGrace);
        Assert.Equal(5, options.DeleteRetry.MaxRetryAttempts);
        Assert.Equal(10, options.ReceiveRetry.MaxRetryAttempts);
    }

    [Theory]
    [InlineData(0, "MaxMessagesPerReceive")]
    [InlineData(11, "MaxMessagesPerReceive")]
    public void Receive_size_is_limited_to_sqs_batch_size(int size, string field)
    {
        var result = new SqsConsumerOptionsValidator().Validate(null, new SqsConsumerOptions { MaxMessagesPerReceive = size });

        Assert.Contains(field, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_field_rules_are_reported()
    {
        var options = new SqsConsumerOptions
        {
            VisibilityTimeout = TimeSpan.FromSeconds(10),
            HeartbeatInterval = TimeSpan.FromSeconds(6),
            MaxExecutionTime = TimeSpan.Zero,
            FailureBackoffBase = TimeSpan.FromMinutes(10),
            FailureBackoffMax = TimeSpan.FromMinutes(1),
            MaxInFlight = 2,
            ReceiveConcurrency = 3,
        };

        var result = new SqsConsumerOptionsValidator().Validate(null, options);

        Assert.Contains("HeartbeatInterval", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("MaxExecutionTime", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("FailureBackoffMax", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ReceiveConcurrency", result.FailureMessage, StringComparison.Ordinal);
    }
}
