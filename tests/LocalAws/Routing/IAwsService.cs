using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Routing;

/// <summary>
/// One emulated AWS service. Requests reach it by the signing name in their SigV4 credential scope
/// (<c>…/us-east-1/sqs/aws4_request</c>), so every service can share one port as on LocalStack.
/// </summary>
public interface IAwsService
{
    /// <summary>SigV4 signing names this service answers to, e.g. <c>sqs</c>.</summary>
    IReadOnlyCollection<string> SigningNames { get; }

    /// <summary>The operation a request asks for (from X-Amz-Target, Action= or the REST method and path).</summary>
    /// <exception cref="AwsErrorException">The request names no operation this service knows.</exception>
    string ResolveOperation(AwsRequest request);

    Task<AwsResponse> HandleAsync(AwsRequest request, string operation);
}
