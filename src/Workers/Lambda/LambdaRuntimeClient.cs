using System.Globalization;
using System.Net.Http.Headers;

namespace GapTools.Workers.Lambda;

/// <summary>
/// The Lambda Runtime API of a custom runtime (<c>provided.al2023</c>): plain HTTP to <c>AWS_LAMBDA_RUNTIME_API</c>,
/// no SDK. One client per process; calls are not retried (the API is local to the sandbox, and Lambda replaces a
/// runtime that cannot reach it).
/// </summary>
public sealed class LambdaRuntimeClient : IDisposable
{
    /// <summary>The environment variable Lambda sets to the Runtime API's <c>host:port</c>.</summary>
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    private const string Version = "2018-06-01";
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="runtimeApi">The <c>host:port</c> of <see cref="RuntimeApiVariable"/>.</param>
    /// <param name="http">Sends the calls; null creates one without a timeout (the next-invocation call waits as long as Lambda keeps the sandbox idle).</param>
    public LambdaRuntimeClient(string runtimeApi, HttpClient? http = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        BaseAddress = new Uri($"http://{runtimeApi}/{Version}/runtime/");
    }

    /// <summary>True when this process runs as a Lambda custom runtime (<see cref="RuntimeApiVariable"/> is set).</summary>
    public static bool IsLambda => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RuntimeApiVariable));

    /// <summary><c>http://host:port/2018-06-01/runtime/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the Runtime API named by <see cref="RuntimeApiVariable"/>.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static LambdaRuntimeClient FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(RuntimeApiVariable) is { Length: > 0 } api
            ? api
            : throw new InvalidOperationException($"{RuntimeApiVariable} is not set: this process is not running as a Lambda function."));

    /// <summary>Waits for the next event (<c>GET invocation/next</c>).</summary>
    public async Task<LambdaInvocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(BaseAddress, "invocation/next"), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "invocation/next", cancellationToken).ConfigureAwait(false);
        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new HttpRequestException("The Runtime API answered invocation/next without Lambda-Runtime-Aws-Request-Id.");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new HttpRequestException($"The Runtime API answered invocation/next for {requestId} without a readable Lambda-Runtime-Deadline-Ms.");
        var payload = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(requestId, deadline, Header(response, "Lambda-Runtime-Trace-Id"), Header(response, "Lambda-Runtime-Invoked-Function-Arn"), payload);
    }

    /// <summary>The invocation's result (<c>POST invocation/{id}/response</c>).</summary>
    public Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> json, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", json, errorType: null, cancellationToken);

    /// <summary>The invocation failed (<c>POST invocation/{id}/error</c>): Lambda retries or fails it as its trigger does.</summary>
    public Task SendInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", error.ToJson(), error.ErrorType, cancellationToken);
    }

    /// <summary>The function cannot start (<c>POST init/error</c>); the process should exit after it.</summary>
    public Task SendInitErrorAsync(LambdaError error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return PostAsync("init/error", error.ToJson(), error.ErrorType, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task PostAsync(string path, ReadOnlyMemory<byte> json, string? errorType, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, path)) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, path, cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureAcceptedAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"The Runtime API refused {path}: HTTP {(int)response.StatusCode} {Shorten(body)}", null, response.StatusCode);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
