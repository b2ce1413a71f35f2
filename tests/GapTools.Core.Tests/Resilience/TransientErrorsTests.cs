using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using GapTools.Core.Resilience;

namespace GapTools.Core.Tests.Resilience;

public class TransientErrorsTests
{
    private static AmazonServiceException Aws(string? code, HttpStatusCode status) =>
        new("message", ErrorType.Unknown, code, "request-id", status);

    [Theory]
    [InlineData("Throttling", 400)]
    [InlineData("ThrottlingException", 400)]
    [InlineData("ThrottledException", 400)]
    [InlineData("RequestThrottled", 403)]
    [InlineData("RequestThrottledException", 400)]
    [InlineData("TooManyRequestsException", 400)]
    [InlineData("RequestLimitExceeded", 503)]
    [InlineData("SlowDown", 503)]
    [InlineData("RequestTimeout", 400)]
    [InlineData("RequestTimeoutException", 408)]
    [InlineData("ServiceUnavailable", 503)]
    [InlineData("InternalError", 500)]
    [InlineData("InternalFailure", 500)]
    [InlineData("PriorRequestNotComplete", 400)]
    [InlineData("BandwidthLimitExceeded", 400)]
    [InlineData("ProvisionedThroughputExceededException", 400)]
    [InlineData("OverLimit", 403)]
    [InlineData("SomethingNew", 500)]
    [InlineData("SomethingNew", 502)]
    [InlineData(null, 503)]
    [InlineData("SomethingNew", 429)]
    public void Throttling_and_server_errors_are_transient(string? code, int status) =>
        Assert.True(TransientErrors.IsTransient(Aws(code, (HttpStatusCode)status)));

    [Theory]
    [InlineData("AccessDenied", 403)]
    [InlineData("AccessDeniedException", 400)]
    [InlineData("UnrecognizedClientException", 400)]
    [InlineData("InvalidClientTokenId", 403)]
    [InlineData("SignatureDoesNotMatch", 403)]
    [InlineData("InvalidSignatureException", 400)]
    [InlineData("ExpiredToken", 400)]
    [InlineData("ValidationException", 400)]
    [InlineData("QueueDoesNotExist", 400)]
    [InlineData("AWS.SimpleQueueService.NonExistentQueue", 400)]
    [InlineData("ParameterNotFound", 400)]
    [InlineData("NoSuchKey", 404)]
    [InlineData("SomethingNew", 400)]
    [InlineData("SomethingNew", 501)]
    // A permanent code stays permanent even if a proxy put it on a 5xx.
    [InlineData("AccessDenied", 500)]
    public void Auth_validation_and_not_found_errors_are_permanent(string code, int status) =>
        Assert.False(TransientErrors.IsTransient(Aws(code, (HttpStatusCode)status)));

    [Fact]
    public void Aws_error_without_status_is_classified_by_its_transport_cause()
    {
        var refused = new AmazonServiceException("x", new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        var unknown = new AmazonServiceException("x", new InvalidOperationException("bug"));

        Assert.True(TransientErrors.IsTransient(refused));
        Assert.False(TransientErrors.IsTransient(unknown));
    }

    [Fact]
    public void Client_exception_wrapping_a_reset_is_transient()
    {
        var error = new AmazonClientException("x", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)));

        Assert.True(TransientErrors.IsTransient(error));
        Assert.False(TransientErrors.IsTransient(new AmazonClientException("no credentials")));
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, true)]
    [InlineData(SocketError.ConnectionReset, true)]
    [InlineData(SocketError.TimedOut, true)]
    [InlineData(SocketError.HostUnreachable, true)]
    [InlineData(SocketError.AccessDenied, false)]
    [InlineData(SocketError.AddressAlreadyInUse, false)]
    public void Socket_errors(SocketError error, bool transient) =>
        Assert.Equal(transient, TransientErrors.IsTransient(new SocketException((int)error)));

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, null, true)]
    [InlineData(HttpRequestError.ResponseEnded, null, true)]
    [InlineData(HttpRequestError.NameResolutionError, null, true)]
    [InlineData(HttpRequestError.SecureConnectionError, null, false)]
    [InlineData(HttpRequestError.UserAuthenticationError, null, false)]
    [InlineData(HttpRequestError.Unknown, HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpRequestError.Unknown, HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpRequestError.Unknown, HttpStatusCode.Forbidden, false)]
    [InlineData(HttpRequestError.Unknown, HttpStatusCode.NotFound, false)]
    public void Http_request_errors(HttpRequestError error, HttpStatusCode? status, bool transient) =>
        Assert.Equal(transient, TransientErrors.IsTransient(new HttpRequestException(error, "x", null, status)));

    [Fact]
    public void Io_and_timeouts_are_transient_but_missing_files_are_not()
    {
        Assert.True(TransientErrors.IsTransient(new IOException("broken pipe")));
        Assert.True(TransientErrors.IsTransient(new TimeoutException()));
        Assert.False(TransientErrors.IsTransient(new FileNotFoundException("x")));
        Assert.False(TransientErrors.IsTransient(new InvalidOperationException()));
        Assert.False(TransientErrors.IsTransient(new ArgumentException("bad")));
    }

    [Fact]
    public void Cancellation_is_a_timeout_unless_the_caller_cancelled()
    {
        using var caller = new CancellationTokenSource();
        var httpTimeout = new TaskCanceledException("timeout", new TimeoutException());

        Assert.True(TransientErrors.IsTransient(httpTimeout, null, caller.Token));

        caller.Cancel();
        Assert.False(TransientErrors.IsTransient(new OperationCanceledException(caller.Token), null, caller.Token));
    }

    [Fact]
    public void Extra_classifier_is_consulted_first_and_may_defer()
    {
        static bool? Classifier(Exception e) => e switch
        {
            InvalidOperationException => true,
            TimeoutException => false,
            _ => null,
        };

        Assert.True(TransientErrors.IsTransient(new InvalidOperationException(), Classifier, TestContext.Current.CancellationToken));
        Assert.False(TransientErrors.IsTransient(new TimeoutException(), Classifier, TestContext.Current.CancellationToken));
        Assert.True(TransientErrors.IsTransient(new IOException(), Classifier, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Aggregate_is_transient_only_if_every_inner_error_is()
    {
        Assert.True(TransientErrors.IsTransient(new AggregateException(new IOException(), new TimeoutException())));
        Assert.False(TransientErrors.IsTransient(new AggregateException(new IOException(), new ArgumentException())));
        Assert.False(TransientErrors.IsTransient(new AggregateException()));
    }
}
