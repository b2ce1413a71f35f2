using System.Text;
using Amazon.Runtime.Internal;
using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Tests.Signing;

/// <summary>Requests signed by AWSSDK.Core's AWS4Signer verify as an HTTP server receives them.</summary>
public sealed class SdkSignedRequestTests
{
    private const string S3Key = "reports/my file+plus ü €.csv";

    [Fact]
    public void Json_post_for_ssm_verifies()
    {
        var result = SdkSigning.Verifier().Verify(SdkSigning.ToWire(SdkSigning.Sign(SsmRequest(), "ssm")));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(new CredentialScope("test", "20261123", "us-east-1", "ssm"), result.Scope);
    }

    [Fact]
    public void Query_protocol_post_for_sqs_verifies()
    {
        var body = "Action=SendMessage&MessageBody=hello%20world%20%2B%20%E2%82%AC&Version=2012-11-05"u8.ToArray();
        var request = SdkSigning.NewRequest("POST", "/000000000000/my-queue");
        request.Content = body;
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        request.Headers["Content-Length"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var wire = SdkSigning.ToWire(SdkSigning.Sign(request, "sqs"));
        var result = SdkSigning.Verifier().Verify(wire);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("sqs", result.Scope!.Service);
    }

    [Fact]
    public void S3_get_with_spaces_unicode_and_plus_in_the_key_verifies_without_double_encoding()
    {
        var wire = SdkSigning.ToWire(SdkSigning.Sign(S3Get(S3Key), "s3"));
        var result = SdkSigning.Verifier().Verify(wire);

        Assert.Equal("/my-bucket/reports/my%20file%2Bplus%20%C3%BC%20%E2%82%AC.csv", wire.RawPath);
        Assert.True(result.IsValid, result.Message);
        Assert.StartsWith("GET\n/my-bucket/reports/my%20file%2Bplus%20%C3%BC%20%E2%82%AC.csv\n", result.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_list_with_encoded_query_parameters_verifies()
    {
        var request = SdkSigning.NewRequest("GET", "/my-bucket");
        request.UseQueryString = true;
        request.Parameters["list-type"] = "2";
        request.Parameters["prefix"] = "my folder/+ü";
        request.Parameters["continuation-token"] = "a/b=c";

        var wire = SdkSigning.ToWire(SdkSigning.Sign(request, "s3"));
        var result = SdkSigning.Verifier().Verify(wire);

        Assert.Equal("continuation-token=a%2Fb%3Dc&list-type=2&prefix=my%20folder%2F%2B%C3%BC", wire.RawQuery);
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Non_s3_path_with_an_encoded_label_is_double_encoded()
    {
        var request = SdkSigning.NewRequest("GET", "/2015-03-31/functions/{FunctionName}/configuration");
        request.AddPathResource("{FunctionName}", "arn:aws:lambda:us-east-1:000000000000:function:my fn");

        var wire = SdkSigning.ToWire(SdkSigning.Sign(request, "lambda"));
        var result = SdkSigning.Verifier().Verify(wire);

        Assert.Contains("%3A", wire.RawPath, StringComparison.Ordinal);
        Assert.True(result.IsValid, result.Message);
        Assert.Contains("arn%253Aaws%253Alambda", result.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Presigned_s3_url_verifies_until_it_expires()
    {
        var url = SdkSigning.Presign(S3Get(S3Key), "s3", TimeSpan.FromMinutes(5));
        var wire = SdkSigning.ToWire(url, SdkSigning.NewRequest("GET", "/"));
        wire = wire with { Headers = [new("Host", "127.0.0.1:4566")] };

        var fresh = SdkSigning.Verifier(SdkSigning.SignedAt.AddMinutes(4)).Verify(wire);
        var stale = SdkSigning.Verifier(SdkSigning.SignedAt.AddMinutes(6)).Verify(wire);

        Assert.True(fresh.IsValid, fresh.Message);
        Assert.True(fresh.IsPresigned);
        Assert.Equal(SigV4Failure.Expired, stale.Failure);
        Assert.True(CredentialScope.TryRead(wire, out var scope, out _));
        Assert.Equal("s3", scope.Service);
    }

    [Fact]
    public void Wrong_secret_is_a_signature_mismatch_and_the_message_names_no_secret()
    {
        var result = SdkSigning.Verifier().Verify(SdkSigning.ToWire(SdkSigning.Sign(SsmRequest(), "ssm", secret: "not-the-secret")));

        Assert.Equal(SigV4Failure.SignatureMismatch, result.Failure);
        Assert.Contains("AmazonSSM.GetParameter", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", result.Message, StringComparison.Ordinal);
        Assert.Equal("ssm", result.Scope!.Service);
    }

    [Fact]
    public void Unknown_access_key_is_reported_as_such()
    {
        var verifier = new SigV4Verifier(_ => null, new Fakes.FixedTimeProvider(SdkSigning.SignedAt));

        var result = verifier.Verify(SdkSigning.ToWire(SdkSigning.Sign(SsmRequest(), "ssm")));

        Assert.Equal(SigV4Failure.UnknownAccessKey, result.Failure);
        Assert.Equal("test", result.Scope!.AccessKeyId);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(-16)]
    public void Clock_skew_beyond_15_minutes_is_expired(int minutes)
    {
        var wire = SdkSigning.ToWire(SdkSigning.Sign(SsmRequest(), "ssm"));

        var result = SdkSigning.Verifier(SdkSigning.SignedAt.AddMinutes(minutes)).Verify(wire);

        Assert.Equal(SigV4Failure.Expired, result.Failure);
        Assert.True(SdkSigning.Verifier(SdkSigning.SignedAt.AddMinutes(minutes < 0 ? -14 : 14)).Verify(wire).IsValid);
    }

    [Fact]
    public void Body_changed_after_signing_is_a_payload_hash_mismatch()
    {
        var wire = SdkSigning.ToWire(SdkSigning.Sign(SsmRequest(), "ssm"));

        var result = SdkSigning.Verifier().Verify(wire with { Body = "{\"Name\":\"other\"}"u8.ToArray() });

        Assert.Equal(SigV4Failure.PayloadHashMismatch, result.Failure);
    }

    private static DefaultRequest SsmRequest()
    {
        var request = SdkSigning.NewRequest("POST", "/");
        request.Content = Encoding.UTF8.GetBytes("{\"Name\":\"/app/db password\",\"WithDecryption\":true}");
        request.Headers["Content-Type"] = "application/x-amz-json-1.1";
        request.Headers["X-Amz-Target"] = "AmazonSSM.GetParameter";
        return request;
    }

    private static DefaultRequest S3Get(string key)
    {
        var request = SdkSigning.NewRequest("GET", "/{Bucket}/{Key+}");
        request.AddPathResource("{Bucket}", "my-bucket");
        request.AddPathResource("{Key+}", key);
        return request;
    }
}
