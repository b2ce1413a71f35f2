using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace GapTools.Core.Signing;

/// <summary>
/// Signs every outgoing request with AWS Signature Version 4, using AWSSDK.Core's standalone signer
/// (<see cref="AWSSigV4Signer"/>, which signs <c>x-amz-content-sha256</c> too and adds the session token header).
/// Credentials are asked for on every request, so refreshing credentials (roles, SSO, IMDS) keep working.
/// </summary>
public sealed class AwsSigV4Handler : DelegatingHandler
{
    private readonly AWSCredentials _credentials;
    private readonly RegionEndpoint _region;
    private readonly string _signingService;
    private readonly TimeProvider _time;

    /// <param name="credentials">Credentials to sign with, for example from <see cref="AwsDefaultChain.ResolveCredentials"/>.</param>
    /// <param name="region">Signing region, for example <c>us-east-1</c>.</param>
    /// <param name="signingService">Signing name of the service, for example <c>redshift-data</c> or <c>cloudsearch</c>.</param>
    /// <param name="timeProvider">Clock for the signature date. Defaults to <see cref="TimeProvider.System"/>.</param>
    public AwsSigV4Handler(AWSCredentials credentials, string region, string signingService, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(signingService);
        _credentials = credentials;
        _region = RegionEndpoint.GetBySystemName(region);
        _signingService = signingService;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri };
        if (request.Content is ByteArrayContent or ReadOnlyMemoryContent)
        {
            // In-memory bodies are hashed through a stream over their own buffer: buffering them again would copy
            // every request body (megabytes for document batches) twice. Sending still writes from the buffer.
            signing.ContentStream = await request.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            signing.Content = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, value) in SignedHeaders.Select(request))
        {
            signing.Headers[name] = value;
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = _credentials,
            Region = _region,
            Service = _signingService,
            SignPayload = true,
            SignedAt = _time.GetUtcNow().UtcDateTime,
        };
        var signed = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in signed.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
