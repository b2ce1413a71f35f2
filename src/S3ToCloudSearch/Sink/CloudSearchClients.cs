using Amazon.Runtime;
using GapTools.Core.Signing;
using GapTools.S3ToCloudSearch.Configuration;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// The document clients of every endpoint over one signing <see cref="HttpClient"/> per signing region (normally
/// exactly one), reused for every upload: connections stay pooled instead of a new client per flush. An endpoint
/// whose host name names its region (<c>doc-….REGION.cloudsearch.amazonaws.com</c>) is signed for that region, any
/// other (a VPC endpoint, an emulator) for <paramref name="region"/>.
/// </summary>
internal sealed class CloudSearchClients(AWSCredentials credentials, string region, TimeSpan timeout, TimeProvider time) : IDisposable
{
    private const string SigningName = "cloudsearch";
    private readonly Dictionary<string, HttpClient> byRegion = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public ICloudSearchDocuments For(DocumentEndpoint endpoint)
    {
        var signingRegion = endpoint.HostRegion ?? region;
        HttpClient http;
        lock (gate)
        {
            if (!byRegion.TryGetValue(signingRegion, out http!))
            {
                var handler = new AwsSigV4Handler(credentials, signingRegion, SigningName, time)
                {
                    // Recycle pooled connections now and then so DNS changes of the endpoint are picked up.
                    InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
                };
                byRegion[signingRegion] = http = new HttpClient(handler) { Timeout = timeout };
            }
        }

        return new CloudSearchDocumentClient(http, endpoint.Url);
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var http in byRegion.Values)
            {
                http.Dispose();
            }

            byRegion.Clear();
        }
    }
}
