using GapTools.Workers.Sqs;

namespace GapTools.Core.Tests.Sqs;

public class MessageDispositionTests
{
    [Fact]
    public void Factories_carry_their_arguments()
    {
        Assert.Equal(MessageDispositionKind.Delete, MessageDisposition.Delete.Kind);
        Assert.Equal(MessageDispositionKind.Release, MessageDisposition.Release.Kind);
        Assert.Equal((MessageDispositionKind.RetryAfter, TimeSpan.FromMinutes(1)), (MessageDisposition.RetryAfter(TimeSpan.FromMinutes(1)).Kind, MessageDisposition.RetryAfter(TimeSpan.FromMinutes(1)).Delay));
        Assert.Equal("bad", MessageDisposition.DeadLetter("bad").Reason);
    }

    [Fact]
    public void Nonsense_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageDisposition.RetryAfter(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentException>(() => MessageDisposition.DeadLetter(" "));
    }
}
