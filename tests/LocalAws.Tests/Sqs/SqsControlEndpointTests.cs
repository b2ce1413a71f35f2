using System.Net;
using Amazon.SQS.Model;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>A standalone server gets SQS faults through the unsigned /_localaws control endpoints.</summary>
public sealed class SqsControlEndpointTests(SqsServerFixture fixture) : IClassFixture<SqsServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fault_posted_to_the_control_endpoint_reaches_sqs_clients()
    {
        var queueUrl = await fixture.NewQueueAsync("control");
        using var http = new HttpClient { BaseAddress = fixture.Server.ServiceUrl };

        var health = await http.GetStringAsync(new Uri("/_localaws/health", UriKind.Relative), Ct);
        using var posted = await http.PostAsync(
            new Uri("/_localaws/faults?service=sqs&operation=SendMessage&code=RequestThrottled&status=400&count=1", UriKind.Relative), null, Ct);

        Assert.Equal("ok", health);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var error = await Assert.ThrowsAsync<RequestThrottledException>(() => fixture.Client.SendMessageAsync(queueUrl, "x", Ct));
        Assert.Equal("RequestThrottled", error.ErrorCode);
        await fixture.Client.SendMessageAsync(queueUrl, "x", Ct);
        var log = await http.GetStringAsync(new Uri("/_localaws/requests?service=sqs&operation=SendMessage", UriKind.Relative), Ct);
        Assert.Equal(2, log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
