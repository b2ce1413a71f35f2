using GapTools.LocalAws.Sqs;

namespace GapTools.LocalAws.Tests.Sqs;

public sealed class SqsQueueAddressTests
{
    [Theory]
    [InlineData("orders", "orders")]
    [InlineData("arn:aws:sqs:us-east-1:000000000000:orders", "orders")]
    [InlineData("http://127.0.0.1:4566/000000000000/orders", "orders")]
    [InlineData("https://sqs.us-east-1.amazonaws.com/123456789012/orders", "orders")]
    [InlineData("/000000000000/orders", "orders")]
    public void A_queue_is_found_by_name_whatever_the_host(string reference, string name) =>
        Assert.Equal(name, SqsQueueAddress.NameOf(reference));

    [Fact]
    public void Only_account_shaped_paths_name_a_queue()
    {
        Assert.Equal("orders", SqsQueueAddress.NameFromPath("/000000000000/orders"));
        Assert.Null(SqsQueueAddress.NameFromPath("/"));
        Assert.Null(SqsQueueAddress.NameFromPath("/bucket/key"));
    }

    [Theory]
    [InlineData("orders.fifo")]
    [InlineData("has space")]
    [InlineData("")]
    public void Invalid_or_fifo_names_are_refused(string name) =>
        Assert.Equal("InvalidParameterValue", Assert.Throws<SqsException>(() => SqsQueueAddress.ValidateNewName(name)).QueryCode);
}
