using GapTools.LocalAws.Signing;

namespace GapTools.LocalAws.Tests.Signing;

public sealed class SigV4TestSuiteTests
{
    public static TheoryData<string> Verifiable => SigV4TestSuite.Names(n => n != SigV4TestSuite.UnrepresentableAsSent);

    public static TheoryData<string> WithCurrentCreq => SigV4TestSuite.Names(n => !SigV4TestSuite.StaleCreq.Contains(n));

    public static TheoryData<string, string> Tampers
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var name in Verifiable)
            {
                foreach (var tamper in new[] { "header", "path", "secret" })
                {
                    data.Add(name, tamper);
                }

                var request = SigV4TestSuite.Request(name);
                if (request.RawQuery.Length > 0)
                {
                    data.Add(name, "query");
                }

                if (request.Body.Length > 0)
                {
                    data.Add(name, "body");
                }
            }

            return data;
        }
    }

    [Fact]
    public void Suite_has_all_28_cases() => Assert.Equal(28, SigV4TestSuite.Cases.Count);

    [Theory]
    [MemberData(nameof(WithCurrentCreq))]
    public void Canonical_request_matches_the_suite(string name)
    {
        var request = SigV4TestSuite.Request(name);

        Assert.Equal(SigV4TestSuite.Cases[name].Creq, Canonical(request));
    }

    [Theory]
    [MemberData(nameof(Verifiable))]
    public void String_to_sign_matches_the_suite(string name)
    {
        var request = SigV4TestSuite.Request(name);
        Assert.True(SigV4Authorization.TryParse(request, out var authorization, out _, out _));

        Assert.Equal(SigV4TestSuite.Cases[name].Sts, SigningKey.StringToSign(authorization.AmzDate, authorization.Scope, Canonical(request)));
    }

    [Theory]
    [MemberData(nameof(Verifiable))]
    public void Signed_request_verifies(string name)
    {
        var result = SigV4TestSuite.Verifier().Verify(SigV4TestSuite.Request(name));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(new CredentialScope("AKIDEXAMPLE", "20150830", "us-east-1", "service"), result.Scope);
        Assert.Equal(SigV4TestSuite.Cases[name].Sts, result.StringToSign);
    }

    [Fact]
    public void Form_parameters_case_signs_a_different_content_type_than_it_sends()
    {
        var sent = SigV4TestSuite.Request(SigV4TestSuite.UnrepresentableAsSent);
        var signed = sent with { Headers = Replace(sent.Headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf8") };

        Assert.Equal(SigV4Failure.SignatureMismatch, SigV4TestSuite.Verifier().Verify(sent).Failure);
        Assert.True(SigV4TestSuite.Verifier().Verify(signed).IsValid);
    }

    [Theory]
    [MemberData(nameof(Tampers))]
    public void Tampered_request_fails_with_signature_mismatch(string name, string tamper)
    {
        var request = SigV4TestSuite.Request(name);
        var secret = SigV4TestSuite.Secret;
        switch (tamper)
        {
            case "header":
                var host = request.Header("Host")!;
                request = request with { Headers = Replace(request.Headers, "Host", host[..^1] + char.ToUpperInvariant(host[^1])) };
                break;
            case "path":
                request = request with { RawPath = request.RawPath + "x" };
                break;
            case "query":
                request = request with { RawQuery = request.RawQuery + "x" };
                break;
            case "body":
                request = request with { Body = "Param1=value2"u8.ToArray() };
                break;
            default:
                secret = secret[..^1] + "X";
                break;
        }

        var result = SigV4TestSuite.Verifier(secret).Verify(request);

        Assert.Equal(SigV4Failure.SignatureMismatch, result.Failure);
        Assert.DoesNotContain(secret, result.Message, StringComparison.Ordinal);
    }

    private static string Canonical(SignedRequest request)
    {
        Assert.True(SigV4Authorization.TryParse(request, out var authorization, out _, out var error), error);
        Assert.True(PayloadHash.TryResolve(request, authorization, out var payloadHash, out error), error);
        return CanonicalRequest.Build(request, authorization, payloadHash);
    }

    private static List<KeyValuePair<string, string>> Replace(IEnumerable<KeyValuePair<string, string>> headers, string name, string value) =>
        headers.Select(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase) ? new(h.Key, value) : h).ToList();
}
