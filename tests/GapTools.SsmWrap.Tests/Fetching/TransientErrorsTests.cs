using System.Net;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement.Model;
using GapTools.SsmWrap.Fetching;

namespace GapTools.SsmWrap.Tests.Fetching;

public class TransientErrorsTests
{
    private static AmazonServiceException Service(string code, HttpStatusCode status) =>
        new("message", ErrorType.Sender, code, "request-id", status);

    public static TheoryData<Exception, bool> Cases => new()
    {
        { Service("ThrottlingException", HttpStatusCode.BadRequest), true },
        { Service("TooManyRequestsException", HttpStatusCode.BadRequest), true },
        { Service("InternalServerError", HttpStatusCode.InternalServerError), true },
        { Service("ServiceUnavailable", HttpStatusCode.ServiceUnavailable), true },
        { Service("Anything", HttpStatusCode.TooManyRequests), true },
        { Service("AccessDeniedException", HttpStatusCode.BadRequest), false },
        { Service("UnrecognizedClientException", HttpStatusCode.BadRequest), false },
        { Service("ValidationException", HttpStatusCode.BadRequest), false },
        { new ParameterNotFoundException("missing"), false },
        { new HttpRequestException("connection refused"), true },
        { new AmazonClientException("wrapped", new HttpRequestException("reset")), true },
        { new AmazonClientException("No RegionEndpoint or ServiceURL configured"), false },
        { new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_throttling_5xx_and_network_errors_are_retried(Exception exception, bool transient) =>
        Assert.Equal(transient, TransientErrors.IsTransient(exception));
}
