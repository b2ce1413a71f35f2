using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap.Tests.Fakes;

/// <summary>One request as the fake saw it.</summary>
internal sealed record SsmRequest(int Sequence, string Operation, JsonObject Body, string? AccessKey);

/// <summary>An error the fake answers with instead of the operation's result.</summary>
internal sealed record SsmFault(HttpStatusCode Status, string Code, string Message)
{
    public static SsmFault Throttling { get; } = new((HttpStatusCode)400, "ThrottlingException", "Rate exceeded");
    public static SsmFault AccessDenied { get; } = new((HttpStatusCode)400, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/test is not authorized to perform: ssm:GetParametersByPath");
    public static SsmFault InternalError { get; } = new(HttpStatusCode.InternalServerError, "InternalServerError", "internal error");
}

/// <summary>
/// A stand-in SSM endpoint on 127.0.0.1 (port 0) speaking JSON 1.1 for GetParametersByPath, GetParameters and
/// GetParameter, with SSM's limits (MaxResults ≤ 10, ≤ 10 names), a request log and scripted faults. It does not
/// verify signatures; it rejects access keys other than <see cref="AccessKey"/> as SSM rejects unknown ones.
/// Temporary: tests/LocalAws replaces it once it serves SSM.
/// </summary>
internal sealed class FakeSsmServer : IAsyncDisposable
{
    public const string AccessKey = "test";
    public const string SecretKey = "test";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Type, string Value)> _parameters = new(StringComparer.Ordinal);
    private int _sequence;

    private FakeSsmServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<SsmRequest> Requests { get; } = new();

    /// <summary>The requests answered with 200.</summary>
    public ConcurrentQueue<SsmRequest> Answered { get; } = new();

    /// <summary>Decides per request (sequence starts at 1) whether to fail it.</summary>
    public Func<SsmRequest, SsmFault?> Fault { get; set; } = _ => null;

    public static async Task<FakeSsmServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddLogging(l => l.ClearProviders());
        var app = builder.Build();
        var server = new FakeSsmServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address);
        return server;
    }

    public FakeSsmServer Put(string name, string value, string type = "String")
    {
        _parameters[name] = (type, value);
        return this;
    }

    public int Count(string operation) => Requests.Count(r => r.Operation == operation);

    /// <summary>A real SDK client aimed at this endpoint with the SDK's retries off, as SsmWrap configures it.</summary>
    public AmazonSimpleSystemsManagementClient CreateClient(string accessKey = AccessKey) =>
        new(new BasicAWSCredentials(accessKey, SecretKey), new AmazonSimpleSystemsManagementConfig
        {
            ServiceURL = Endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });

    /// <summary>Environment variables that aim the real ssmwrap process at this endpoint.</summary>
    public Dictionary<string, string> ClientEnvironment(string accessKey = AccessKey) => new()
    {
        ["AWS_ENDPOINT_URL_SSM"] = Endpoint.ToString().TrimEnd('/'),
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = accessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        var request = new SsmRequest(Interlocked.Increment(ref _sequence), operation, body, AccessKeyOf(context.Request.Headers.Authorization.ToString()));
        Requests.Enqueue(request);

        var (status, response) = request.AccessKey != AccessKey
            ? Error(new SsmFault((HttpStatusCode)400, "UnrecognizedClientException", "The security token included in the request is invalid."))
            : Fault(request) is { } fault ? Error(fault)
            : operation switch
            {
                "GetParametersByPath" => GetParametersByPath(body),
                "GetParameters" => GetParameters(body),
                "GetParameter" => GetParameter(body),
                _ => Error(new SsmFault((HttpStatusCode)400, "UnknownOperationException", operation)),
            };
        if (status == HttpStatusCode.OK)
        {
            Answered.Enqueue(request);
        }

        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(response.ToJsonString());
    }

    private (HttpStatusCode, JsonNode) GetParametersByPath(JsonObject body)
    {
        var path = (string?)body["Path"] ?? "";
        var recursive = (bool?)body["Recursive"] ?? false;
        var maxResults = (int?)body["MaxResults"] ?? 10;
        if (maxResults is < 1 or > 10 || !path.StartsWith('/'))
        {
            return Error(new SsmFault((HttpStatusCode)400, "ValidationException", "1 validation error detected"));
        }

        var prefix = path == "/" ? "/" : path.TrimEnd('/') + "/";
        var matching = _parameters.Keys
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && !n.StartsWith("/aws/", StringComparison.Ordinal))
            .Where(n => recursive || !n[prefix.Length..].Contains('/', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var start = body["NextToken"] is { } token ? int.Parse((string)token!, CultureInfo.InvariantCulture) : 0;
        var page = matching.Skip(start).Take(maxResults).ToList();
        var result = new JsonObject { ["Parameters"] = new JsonArray([.. page.Select(ParameterJson)]) };
        if (start + page.Count < matching.Count)
        {
            result["NextToken"] = (start + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return (HttpStatusCode.OK, result);
    }

    private (HttpStatusCode, JsonNode) GetParameters(JsonObject body)
    {
        var names = body["Names"]?.AsArray().Select(n => (string)n!).ToList() ?? [];
        if (names.Count is < 1 or > 10)
        {
            return Error(new SsmFault((HttpStatusCode)400, "ValidationException", "Names: member must have length less than or equal to 10"));
        }

        return (HttpStatusCode.OK, new JsonObject
        {
            ["Parameters"] = new JsonArray([.. names.Where(_parameters.ContainsKey).Order(StringComparer.Ordinal).Select(ParameterJson)]),
            ["InvalidParameters"] = new JsonArray([.. names.Where(n => !_parameters.ContainsKey(n)).Select(n => (JsonNode)n)]),
        });
    }

    private (HttpStatusCode, JsonNode) GetParameter(JsonObject body)
    {
        var name = (string?)body["Name"] ?? "";
        return _parameters.ContainsKey(name)
            ? (HttpStatusCode.OK, new JsonObject { ["Parameter"] = ParameterJson(name) })
            : Error(new SsmFault((HttpStatusCode)400, "ParameterNotFound", ""));
    }

    private JsonNode ParameterJson(string name)
    {
        var (type, value) = _parameters[name];
        return new JsonObject
        {
            ["Name"] = name,
            ["Type"] = type,
            ["Value"] = value,
            ["Version"] = 1,
            ["DataType"] = "text",
            ["LastModifiedDate"] = 1735689600.0,
            ["ARN"] = "arn:aws:ssm:us-east-1:123456789012:parameter" + (name.StartsWith('/') ? name : "/" + name),
        };
    }

    private static (HttpStatusCode, JsonNode) Error(SsmFault fault) =>
        (fault.Status, new JsonObject { ["__type"] = fault.Code, ["message"] = fault.Message });

    private static string? AccessKeyOf(string authorization)
    {
        const string Marker = "Credential=";
        var start = authorization.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += Marker.Length;
        var end = authorization.IndexOf('/', start);
        return end < 0 ? null : authorization[start..end];
    }
}
