using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws.Tests.Sqs;

public sealed class SqsReceiptHandleTests
{
    [Fact]
    public void A_handle_round_trips_through_its_text()
    {
        var handle = new SqsReceiptHandle("orders", "9f2c-…", "r1");

        Assert.True(SqsReceiptHandle.TryParse(handle.ToString(), out var parsed));
        Assert.Equal(handle, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("bm90IG91cnM=")] // base64 of "not ours"
    public void Malformed_handles_are_rejected(string? text) => Assert.False(SqsReceiptHandle.TryParse(text, out _));
}
