using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;
using GapTools.LocalAws.Control;
using GapTools.LocalAws.Faults;
using GapTools.LocalAws.Hosting;
using GapTools.LocalAws.Lambda;
using GapTools.LocalAws.Otlp;
using GapTools.LocalAws.RequestLog;
using GapTools.LocalAws.Routing;
using GapTools.LocalAws.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GapTools.LocalAws;

/// <summary>
/// A wire-level AWS endpoint on 127.0.0.1 for honest tests: real HTTP, real SigV4, real protocols.
/// Start one per test fixture (<see cref="StartAsync"/> binds a free port) and hand its clients to the code under test.
/// </summary>
public sealed class LocalAwsServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalAwsServer(WebApplication app, LocalAwsOptions options, LocalAwsState state, FaultInjector faults,
        RequestJournal requests, ConcurrentDictionary<string, string> credentials, Uri serviceUrl, LambdaRuntimeEmulator lambda, OtlpReceiver otlp)
    {
        this.app = app;
        Options = options;
        State = state;
        Faults = faults;
        Requests = requests;
        Credentials = credentials;
        ServiceUrl = serviceUrl;
        Lambda = lambda;
        Otlp = otlp;
    }

    /// <summary>The one URL that serves every service, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri ServiceUrl { get; }

    public LocalAwsOptions Options { get; }

    /// <summary>The Lambda Runtime API on this port (<c>/2018-06-01/runtime/…</c>): invoke a custom runtime started with <see cref="RuntimeApiAddress"/>.</summary>
    public LambdaRuntimeEmulator Lambda { get; }

    /// <summary>An OTLP/HTTP collector on this port (<c>/v1/metrics</c>, <c>/v1/traces</c>, <c>/v1/logs</c>): set <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> to <see cref="ServiceUrl"/>.</summary>
    public OtlpReceiver Otlp { get; }

    /// <summary>The value for <c>AWS_LAMBDA_RUNTIME_API</c>: <c>host:port</c> without a scheme, e.g. <c>127.0.0.1:41234</c>.</summary>
    public string RuntimeApiAddress => $"{ServiceUrl.Host}:{ServiceUrl.Port}";

    public LocalAwsState State { get; }

    public FaultInjector Faults { get; }

    /// <summary>Every request answered, for counting calls per operation.</summary>
    public RequestJournal Requests { get; }

    /// <summary>Accepted access key → secret pairs; tests may add or remove keys while running.</summary>
    public ConcurrentDictionary<string, string> Credentials { get; }

    /// <summary>The default credentials (the first configured pair).</summary>
    public BasicAWSCredentials AwsCredentials
    {
        get
        {
            var first = Options.Credentials.First();
            return new BasicAWSCredentials(first.Key, first.Value);
        }
    }

    public static async Task<LocalAwsServer> StartAsync(LocalAwsOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalAwsOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (options.LogRequests)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.WebHost.UseKestrel(kestrel =>
        {
            // Loopback only: nothing here may be reachable from another machine.
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();

        var credentials = new ConcurrentDictionary<string, string>(options.Credentials, StringComparer.Ordinal);
        var state = new LocalAwsState(options.Time);
        var faults = new FaultInjector();
        var journal = new RequestJournal();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LocalAws");
        var verifier = new SigV4Verifier(key => credentials.TryGetValue(key, out var secret) ? secret : null, options.Time);
        var pipeline = new AwsRequestPipeline(ServiceCatalog.Create(state), verifier, faults, journal, options.Time, logger);
        var lambda = new LambdaRuntimeEmulator(options.Time, options.Region, options.AccountId, app.Lifetime.ApplicationStopping);

        // Explicit routing so /_localaws endpoints run before the terminal AWS pipeline (the implicit
        // UseEndpoints that WebApplication appends would sit after app.Run and never be reached).
        app.UseRouting();
        app.Use(EndWaitsOnStop(app.Lifetime.ApplicationStopping));
        app.Use(new LambdaRuntimeApi(lambda).InvokeAsync);   // unsigned /2018-06-01/runtime/… requests
        var otlp = new OtlpReceiver();
        app.Use(otlp.InvokeAsync);                           // unsigned POST /v1/metrics|traces|logs
        ControlEndpoints.Map(app, state, faults, journal);
        LambdaControlEndpoints.Map(app, lambda);
        app.UseEndpoints(_ => { });
        app.Run(pipeline.InvokeAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalAwsServer(app, options, state, faults, journal, credentials, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), lambda, otlp);
    }

    // Stopping ends requests that wait (SQS long polls, injected latency) instead of letting Kestrel drain them for
    // up to 20 s; an answer that was cut short becomes a dropped connection, as when a real endpoint goes away.
    private static Func<HttpContext, RequestDelegate, Task> EndWaitsOnStop(CancellationToken stopping) => async (context, next) =>
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.RequestAborted = aborted.Token;
        await next(context);
        if (stopping.IsCancellationRequested && !context.Response.HasStarted)
        {
            context.Abort();
        }
    };

    /// <summary>Completes when the server stops (standalone mode).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
