using System.Net;
using Amazon.Runtime;
using GapTools.Workers.Sqs;
using GapTools.Core.Tests.Fakes;

namespace GapTools.Core.Tests.Sqs;

public sealed partial class SqsConsumerTests
{
    [Fact]
    public async Task Handler_exception_never_deletes_and_backs_off_by_receive_count()
    {
        var id = _queue.Send("flaky");
        var calls = 0;
        var handler = new ScriptedHandler((_, _) => Interlocked.Increment(ref calls) < 3
            ? throw new InvalidOperationException("database unavailable")
            : Task.FromResult(MessageDisposition.Delete));

        var run = Start(Consumer(handler, Options() with { FailureBackoffBase = TimeSpan.FromSeconds(2) }));
        await Eventually.True(() => _queue.VisibilityBatches.Count == 1, "the first failure defers the message");
        Assert.True(_queue.Contains(id));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(2), _queue.VisibleAt(id));

        _time.Advance(TimeSpan.FromSeconds(2));
        await Eventually.True(() => _queue.VisibilityBatches.Count == 2, "the second failure defers it longer");
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(4), _queue.VisibleAt(id));

        _time.Advance(TimeSpan.FromSeconds(4));
        await Eventually.True(() => !_queue.Contains(id), "the third attempt succeeds");

        Assert.Equal([1, 2, 3], handler.Started.Select(m => m.ApproximateReceiveCount));
        var summary = await StopAsync(run);
        Assert.Equal(new SqsConsumerSummary(3, 1, 0, 2, 0, 2, 0, SqsStopReason.Stopped), summary);
    }

    [Fact]
    public async Task Dead_letter_forwards_body_attributes_and_reason_then_deletes()
    {
        var deadLetters = new InMemorySqsQueue(_time, "https://sqs.us-east-1.amazonaws.com/123456789012/source-dlq");
        _queue.Send("not an event", new Dictionary<string, string> { ["origin"] = "s3" });
        var handler = new ScriptedHandler(MessageDisposition.DeadLetter("message body is not valid JSON"));

        var run = Start(Consumer(handler, deadLetterQueue: deadLetters));
        await Eventually.True(() => _queue.Count == 0, "the source message is deleted");

        var (body, attributes) = Assert.Single(deadLetters.Sent);
        Assert.Equal("not an event", body);
        Assert.Equal("s3", attributes["origin"]);
        Assert.Equal("message body is not valid JSON", attributes[SqsConsumer.DeadLetterReasonAttribute]);
        var summary = await StopAsync(run);
        Assert.Equal(1, summary.DeadLettered);
        Assert.Equal(1, summary.Deleted);
    }

    [Fact]
    public async Task Dead_letter_without_a_queue_leaves_the_message_for_the_redrive_policy()
    {
        var id = _queue.Send("poison");
        var handler = new ScriptedHandler(MessageDisposition.DeadLetter("unparseable"));

        var run = Start(Consumer(handler));
        await Eventually.True(() => _logger.Entries.Any(e => e.Message.Contains("no dead-letter queue", StringComparison.Ordinal)), "it is reported");

        Assert.True(_queue.Contains(id));
        Assert.False(_queue.IsVisible(id));
        Assert.Equal(_time.GetUtcNow() + Visibility, _queue.VisibleAt(id));
        Assert.Empty(_queue.DeleteBatches);
        Assert.Empty(_queue.VisibilityBatches);

        // No heartbeat keeps it: it comes back after the visibility timeout, counting towards maxReceiveCount.
        await Eventually.TrueDriving(() => handler.Started.Count == 2, _time, "it is delivered again");
        Assert.Equal(2, handler.Started.Last().ApproximateReceiveCount);
        var summary = await StopAsync(run);
        Assert.True(summary.RetriedLater >= 1, $"left for the redrive policy, it is retried later: {summary}");
        Assert.Equal(0, summary.DeadLettered);
    }

    [Fact]
    public async Task Permanent_receive_error_fails_loudly_naming_the_queue()
    {
        var denied = new AmazonServiceException("denied", ErrorType.Sender, "AccessDenied", "r-1", HttpStatusCode.Forbidden);
        _queue.ReceiveErrors.Enqueue(denied);

        var error = await Assert.ThrowsAsync<SqsReceiveException>(() => Start(Consumer(new ScriptedHandler(MessageDisposition.Delete))));

        Assert.Equal(_queue.QueueUrl, error.QueueUrl);
        Assert.Contains(_queue.QueueUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);
        Assert.Same(denied, error.InnerException);
        Assert.Single(_queue.ReceiveRequests);
    }

    [Fact]
    public async Task Transient_receive_errors_back_off_and_recover()
    {
        _queue.ReceiveErrors.Enqueue(new AmazonServiceException("slow", ErrorType.Sender, "ThrottlingException", "r", HttpStatusCode.BadRequest));
        _queue.ReceiveErrors.Enqueue(new HttpRequestException(HttpRequestError.ConnectionError, "reset"));
        var id = _queue.Send("x");
        var handler = new ScriptedHandler(MessageDisposition.Delete);
        var start = _time.GetUtcNow();

        var run = Start(Consumer(handler));
        await Eventually.TrueDriving(() => !_queue.Contains(id), _time, "the message is processed after the errors");

        Assert.True(_queue.ReceiveRequests.Count >= 3, "two failed receives, then the one that returned the message");
        Assert.True(_time.GetUtcNow() > start, "the retries waited on the clock");
        Assert.Equal(2, _logger.Messages(Microsoft.Extensions.Logging.LogLevel.Warning).Count(m => m.StartsWith("Retrying sqs.ReceiveMessage", StringComparison.Ordinal)));
        await StopAsync(run);
    }

    [Fact]
    public async Task Permanent_receive_error_still_releases_in_flight_messages()
    {
        var id = _queue.Send("in progress");
        var handler = new ScriptedHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return MessageDisposition.Delete;
        });
        var consumer = Consumer(handler);
        var run = Start(consumer);
        await Eventually.True(() => handler.Started.Count == 1, "the handler runs");

        _queue.ReceiveErrors.Enqueue(new AmazonServiceException("gone", ErrorType.Sender, "AWS.SimpleQueueService.NonExistentQueue", "r", HttpStatusCode.BadRequest));
        await Assert.ThrowsAsync<SqsReceiveException>(() => Eventually.Completes(run, _time));

        Assert.True(_queue.IsVisible(id));
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_reason()
    {
        var options = Options() with { MaxMessagesPerReceive = 11, HeartbeatInterval = TimeSpan.FromSeconds(20), WaitTime = TimeSpan.FromSeconds(21) };

        var error = Assert.Throws<ArgumentException>(() => Consumer(new ScriptedHandler(MessageDisposition.Delete), options));

        Assert.Contains("MaxMessagesPerReceive", error.Message, StringComparison.Ordinal);
        Assert.Contains("HeartbeatInterval", error.Message, StringComparison.Ordinal);
        Assert.Contains("WaitTime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_retry_options_are_validated()
    {
        var options = Options() with { DeleteRetry = new() { MaxRetryAttempts = -1 } };

        var error = Assert.Throws<ArgumentException>(() => Consumer(new ScriptedHandler(MessageDisposition.Delete), options));

        Assert.Contains("MaxRetryAttempts", error.Message, StringComparison.Ordinal);
    }
}
