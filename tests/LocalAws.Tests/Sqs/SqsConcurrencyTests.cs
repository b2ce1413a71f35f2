using System.Collections.Concurrent;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace GapTools.LocalAws.Tests.Sqs;

/// <summary>Many receivers on one queue: within its visibility window a message goes to exactly one of them.</summary>
public sealed class SqsConcurrencyTests(SqsServerFixture fixture) : IClassFixture<SqsServerFixture>
{
    private readonly AmazonSQSClient sqs = fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Parallel_receivers_get_each_message_exactly_once()
    {
        const int messages = 300;
        const int receivers = 8;
        var queueUrl = await fixture.NewQueueAsync("concurrent", new() { ["VisibilityTimeout"] = "300" });
        var producer = Task.Run(async () =>
        {
            foreach (var chunk in Enumerable.Range(0, messages).Chunk(10))
            {
                await sqs.SendMessageBatchAsync(queueUrl, chunk.Select(i => new SendMessageBatchRequestEntry($"m{i}", $"body {i}")).ToList(), Ct);
            }
        }, Ct);

        var deliveries = new ConcurrentBag<string>();
        var workers = Enumerable.Range(0, receivers).Select(_ => Task.Run(async () =>
        {
            while (deliveries.Count < messages)
            {
                var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Ct);
                foreach (var message in response.Messages ?? [])
                {
                    deliveries.Add(message.Body);
                }
            }
        }, Ct)).ToList();
        await producer;
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var duplicates = deliveries.GroupBy(b => b).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.Equal(messages, deliveries.Count);
        Assert.Equal(new GapTools.LocalAws.Sqs.SqsQueueSnapshot(0, messages, 0), fixture.Snapshot(queueUrl));
    }

    [Fact]
    public async Task Long_pollers_woken_together_never_share_a_message()
    {
        const int pollers = 8;
        var queueUrl = await fixture.NewQueueAsync("herd", new() { ["VisibilityTimeout"] = "300" });
        for (var round = 0; round < 50; round++)
        {
            // All pollers park first, so the send wakes them at once and they race for the messages: one each.
            var polls = Enumerable.Range(0, pollers)
                .Select(_ => sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 5 }, Ct))
                .ToList();
            await SqsTestWaits.LongPollersAsync(fixture.Server, queueUrl, count: pollers);

            await sqs.SendMessageBatchAsync(queueUrl, Enumerable.Range(0, pollers).Select(i => new SendMessageBatchRequestEntry($"m{i}", $"round {round} #{i}")).ToList(), Ct);
            var bodies = (await Task.WhenAll(polls)).Select(r => Assert.Single(r.Messages).Body).ToList();

            Assert.Equal(pollers, bodies.Distinct().Count());
        }
    }
}
