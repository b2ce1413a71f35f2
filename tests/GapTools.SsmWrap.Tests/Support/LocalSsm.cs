using System.Collections.Concurrent;
using Amazon.SimpleSystemsManagement;
using GapTools.LocalAws;
using GapTools.LocalAws.Faults;
using GapTools.LocalAws.RequestLog;
using GapTools.LocalAws.Ssm;

namespace GapTools.SsmWrap.Tests.Support;

/// <summary>
/// tests/LocalAws on a free loopback port (real HTTP, SigV4 verified with test/test), seen from SsmWrap's side:
/// seeding that remembers every value (to prove none leaks), SSM call counts from the request journal, clients and
/// process environments aimed at it.
/// </summary>
internal sealed class LocalSsm : IAsyncDisposable
{
    public const string AccessKey = "test";
    public const string SecretKey = "test";

    private readonly ConcurrentBag<string> _values = [];

    private LocalSsm(LocalAwsServer server) => Server = server;

    public LocalAwsServer Server { get; }

    /// <summary>Every value seeded so far (parameters and secrets).</summary>
    public IEnumerable<string> Values => _values;

    public IReadOnlyList<RequestLogEntry> Requests => [.. Server.Requests.Entries.Where(e => e.Service == "ssm")];

    public static async Task<LocalSsm> StartAsync() => new(await LocalAwsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken));

    public LocalSsm Put(string name, string value, string type = "String")
    {
        _values.Add(value);
        Server.State.Ssm.Put(name, value, type);
        return this;
    }

    /// <summary>A Secrets Manager secret, read as <c>/aws/reference/secretsmanager/<paramref name="secretId"/></c>.</summary>
    public LocalSsm PutSecret(string secretId, string secretString)
    {
        _values.Add(secretString);
        Server.State.Ssm.PutSecret(secretId, secretString);
        return this;
    }

    /// <summary>Requests for <paramref name="operation"/> (all answers, refusals and injected faults included).</summary>
    public int Count(string operation) => Server.Requests.Count("ssm", operation);

    /// <summary>Requests for <paramref name="operation"/> answered with 200.</summary>
    public int Answered(string operation) => Requests.Count(r => r.Operation == operation && r.StatusCode == 200);

    /// <summary>Requests refused with an injected ThrottlingException.</summary>
    public int Throttled => Requests.Count(r => r.ErrorCode == "ThrottlingException" && r.Fault is not null);

    /// <summary>
    /// Every SSM call answered ThrottlingException with rate 0.5, the randomizer pinned to alternate (throttled, served,
    /// throttled, …): exactly half, whatever the order concurrent calls arrive in.
    /// </summary>
    public void ThrottleHalf()
    {
        var rolls = 0;
        Server.Faults.Randomizer = () => Interlocked.Increment(ref rolls) % 2 == 1 ? 0.0 : 0.99;
        Server.Faults.Add(FaultRule.Throttling("ssm", null, rate: 0.5));
    }

    /// <summary>Every SSM call refused with AccessDeniedException (as IAM refuses a role without ssm:GetParameters*).</summary>
    public IDisposable DenyAccess() => Server.Faults.Add(
        FaultRule.HttpError("ssm", null, System.Net.HttpStatusCode.BadRequest, "AccessDeniedException") with
        {
            ErrorMessage = "User: arn:aws:iam::000000000000:user/test is not authorized to perform: ssm:GetParametersByPath",
        });

    /// <summary>
    /// A real SDK client with the SDK's retries off, as SsmWrap configures its own: LocalAws's own client
    /// (<c>CreateSsmClient</c>) by default, or one signing with the given keys.
    /// </summary>
    public AmazonSimpleSystemsManagementClient CreateClient(string? accessKey = null, string? secretKey = null) =>
        accessKey is null && secretKey is null
            ? Server.CreateSsmClient()
            : new(new Amazon.Runtime.BasicAWSCredentials(accessKey ?? AccessKey, secretKey ?? SecretKey), new AmazonSimpleSystemsManagementConfig
            {
                ServiceURL = Server.ServiceUrl.ToString(),
                AuthenticationRegion = "us-east-1",
                MaxErrorRetry = 0,
            });

    /// <summary>Environment variables that aim the real ssmwrap process at this endpoint.</summary>
    public Dictionary<string, string> ClientEnvironment(string accessKey = AccessKey, string secretKey = SecretKey) => new()
    {
        ["AWS_ENDPOINT_URL_SSM"] = Server.ServiceUrl.ToString().TrimEnd('/'),
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = accessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secretKey,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
