using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using GapTools.Core.Resilience;

namespace GapTools.Core.Tests.Resilience;

public class ErrorSummaryTests
{
    [Fact]
    public void Aws_errors_are_named_by_code_status_and_request_id_without_the_message()
    {
        var error = new AmazonServiceException("secret=hunter2", ErrorType.Sender, "ThrottlingException", "req-1", HttpStatusCode.BadRequest);

        Assert.Equal("AmazonServiceException ThrottlingException (HTTP 400, request req-1)", ErrorSummary.Describe(error));
    }

    [Fact]
    public void Inner_transport_errors_are_chained()
    {
        var error = new HttpRequestException(HttpRequestError.ConnectionError, "password in url",
            new SocketException((int)SocketError.ConnectionRefused));

        var text = ErrorSummary.Describe(error);

        Assert.Equal("HttpRequestException ConnectionError <- SocketException ConnectionRefused", text);
    }
}
