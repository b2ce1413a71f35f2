using Amazon.Runtime;

namespace GapTools.Core.Tests.Fakes;

/// <summary>Points an AWS SDK client at a <see cref="StubHttpHandler"/> (no network).</summary>
public sealed class StubHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
