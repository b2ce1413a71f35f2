using Amazon.SQS;
using GapTools.LocalAws.Faults;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>Injected throttling as the SDK sees it: an error without retries, a success with them.</summary>
public sealed class SqsFaultTests(SqsServerFixture fixture) : IClassFixture<SqsServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Throttling_surfaces_as_AmazonSQSException_without_retries()
    {
        var queueUrl = await fixture.NewQueueAsync("throttled-raw");
        using var rule = fixture.Server.Faults.Add(FaultRule.Throttling("sqs", "ReceiveMessage", count: 2));

        var first = await Assert.ThrowsAsync<AmazonSQSException>(() => fixture.Client.ReceiveMessageAsync(queueUrl, Ct));
        var second = await Assert.ThrowsAsync<AmazonSQSException>(() => fixture.Client.ReceiveMessageAsync(queueUrl, Ct));
        await fixture.Client.ReceiveMessageAsync(queueUrl, Ct);

        Assert.Equal(("ThrottlingException", "ThrottlingException"), (first.ErrorCode, second.ErrorCode));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(Amazon.Runtime.ErrorType.Sender, first.ErrorType);
    }

    [Fact]
    public async Task Throttling_is_absorbed_by_sdk_retries()
    {
        var queueUrl = await fixture.NewQueueAsync("throttled-retried");
        await fixture.Client.SendMessageAsync(queueUrl, "after two throttles", Ct);
        using var retrying = fixture.Server.CreateSqsClient(c => c.MaxErrorRetry = 2);
        var (calls, errors) = (fixture.Server.Requests.Count("sqs", "ReceiveMessage"), fixture.Server.Requests.CountErrors("sqs", "ReceiveMessage"));
        using var rule = fixture.Server.Faults.Add(FaultRule.Throttling("sqs", "ReceiveMessage", count: 2));

        var received = await retrying.ReceiveMessageAsync(queueUrl, Ct);

        Assert.Equal("after two throttles", Assert.Single(received.Messages).Body);
        Assert.Equal(3, fixture.Server.Requests.Count("sqs", "ReceiveMessage") - calls);
        Assert.Equal(2, fixture.Server.Requests.CountErrors("sqs", "ReceiveMessage") - errors);
    }
}
