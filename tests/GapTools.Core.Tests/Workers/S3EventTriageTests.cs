using GapTools.Workers;
using GapTools.Workers.Sqs;
using Microsoft.Extensions.Logging.Abstractions;

namespace GapTools.Core.Tests.Workers;

public sealed class S3EventTriageTests
{
    private static SqsMessage Message(string body) => new("m-1", "r-1", body, 2, null, new Dictionary<string, string>());

    [Fact]
    public void An_unreadable_body_is_dead_lettered_with_the_reason_and_leaves_no_work()
    {
        var (_, settled) = S3EventTriage.Read(Message("{\"Records\": 5}"), NullLogger.Instance);

        Assert.Equal(MessageDispositionKind.DeadLetter, settled!.Kind);
        Assert.Contains("Records", settled.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_event_is_acknowledged_without_work()
    {
        var (events, settled) = S3EventTriage.Read(
            Message("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-23T10:00:00.000Z","Bucket":"data","RequestId":"r","HostId":"h"}"""),
            NullLogger.Instance);

        Assert.Equal(MessageDisposition.Delete, settled);
        Assert.Empty(events.Created);
    }

    [Fact]
    public void Created_objects_are_work_named_by_their_message()
    {
        var message = Message("""{"Records":[{"eventSource":"aws:s3","eventTime":"2026-11-23T10:00:00.000Z","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"data"},"object":{"key":"x%27y.json","size":3}}}]}""");

        var (events, settled) = S3EventTriage.Read(message, NullLogger.Instance);
        var work = S3WorkUnit.FromMessage(events.Created, message);

        Assert.Null(settled);
        Assert.Equal("m-1", work.Origin);
        Assert.Equal(2, work.ReceiveCount);
        Assert.True(work.FromQueue);
        Assert.Equal("x'y.json", Assert.Single(work.Objects).Object.Key);
    }
}
