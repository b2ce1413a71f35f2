using System.Net;
using Amazon.Runtime;
using GapTools.Core.Resilience;
using GapTools.Core.Signing;
using GapTools.Core.Tests.Fakes;

namespace GapTools.Core.Tests.Signing;

public class AwsQueryProtocolClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (AwsQueryProtocolClient Client, StubHttpHandler Stub) Create(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        var stub = new StubHttpHandler(respond);
        var http = new HttpClient(new AwsSigV4Handler(new BasicAWSCredentials("AKID", "SECRET"), "us-east-1", "redshift") { InnerHandler = stub });
        return (new AwsQueryProtocolClient(http, new Uri("http://127.0.0.1:4566/"), "2012-12-01"), stub);
    }

    [Fact]
    public async Task Posts_a_signed_form_and_returns_the_result_element()
    {
        var (client, stub) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.OK, """
            <DescribeClustersResponse xmlns="http://redshift.amazonaws.com/doc/2012-12-01/">
              <DescribeClustersResult>
                <Clusters><Cluster><ClusterIdentifier>main</ClusterIdentifier><ClusterStatus>available</ClusterStatus></Cluster></Clusters>
              </DescribeClustersResult>
              <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
            </DescribeClustersResponse>
            """));

        var result = await client.SendAsync("DescribeClusters", [new("ClusterIdentifier", "main cluster")], Ct);

        Assert.Equal("DescribeClustersResult", result.Name.LocalName);
        Assert.Equal("available", result.Descendants().Single(e => e.Name.LocalName == "ClusterStatus").Value);
        var sent = Assert.Single(stub.Requests);
        Assert.Equal("Action=DescribeClusters&Version=2012-12-01&ClusterIdentifier=main+cluster", sent.BodyText);
        Assert.StartsWith("application/x-www-form-urlencoded", sent.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("/us-east-1/redshift/aws4_request", sent.Headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_without_result_element_returns_the_root()
    {
        var (client, _) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.OK,
            """<DeleteTagsResponse><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></DeleteTagsResponse>"""));

        var result = await client.SendAsync("DeleteTags", [], Ct);

        Assert.Equal("DeleteTagsResponse", result.Name.LocalName);
    }

    [Fact]
    public async Task Error_response_maps_code_type_and_request_id()
    {
        var (client, _) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.NotFound, """
            <ErrorResponse xmlns="http://redshift.amazonaws.com/doc/2012-12-01/">
              <Error><Type>Sender</Type><Code>ClusterNotFound</Code><Message>Cluster main not found.</Message></Error>
              <RequestId>r-404</RequestId>
            </ErrorResponse>
            """));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => client.SendAsync("DescribeClusters", [], Ct));

        Assert.Equal("ClusterNotFound", error.ErrorCode);
        Assert.Equal(ErrorType.Sender, error.ErrorType);
        Assert.Equal("r-404", error.RequestId);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("Cluster main not found.", error.Message, StringComparison.Ordinal);
        Assert.False(TransientErrors.IsTransient(error));
    }

    [Fact]
    public async Task Throttling_error_is_transient()
    {
        var (client, _) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.BadRequest,
            """<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>"""));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => client.SendAsync("DescribeClusters", [], Ct));

        Assert.Equal("Throttling", error.ErrorCode);
        Assert.True(TransientErrors.IsTransient(error));
    }

    [Fact]
    public async Task Non_xml_error_keeps_status_and_request_id_header()
    {
        var (client, _) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.ServiceUnavailable, "upstream down", ("x-amzn-RequestId", "r-503")));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => client.SendAsync("DescribeClusters", [], Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("r-503", error.RequestId);
        Assert.True(TransientErrors.IsTransient(error));
    }

    [Fact]
    public async Task Dtd_in_a_response_is_refused()
    {
        var (client, _) = Create(_ => StubHttpHandler.Respond(HttpStatusCode.OK,
            """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]><r>&x;</r>"""));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => client.SendAsync("DescribeClusters", [], Ct));

        Assert.Equal("InvalidResponse", error.ErrorCode);
    }
}
