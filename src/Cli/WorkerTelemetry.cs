using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GapTools.Cli;

/// <summary>
/// OpenTelemetry for a worker's host, off unless the standard variables ask for it: with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c> /
/// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) set, the SQS consumer's and the tool's meters and the tool's spans are
/// exported over OTLP; every other <c>OTEL_*</c> variable (protocol, headers, export interval, service name,
/// resource attributes) is read by the OpenTelemetry SDK as usual. <c>OTEL_SDK_DISABLED=true</c> turns it off.
/// </summary>
public static class WorkerTelemetry
{
    /// <summary>The SQS consumer's meter, shared by both workers.</summary>
    public const string SqsMeter = "GapTools.Sqs";

    /// <summary>Adds the exporters <paramref name="configuration"/> asks for; the tool's meter and activity source are both named <c>GapTools.&lt;toolSection&gt;</c>.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string toolSection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        bool Set(string key) => !string.IsNullOrWhiteSpace(configuration[key]);
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var metrics = Set("OTEL_EXPORTER_OTLP_ENDPOINT") || Set("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        var traces = Set("OTEL_EXPORTER_OTLP_ENDPOINT") || Set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (!metrics && !traces)
        {
            return;
        }

        var source = $"GapTools.{toolSection}";
        var otel = services.AddOpenTelemetry();
        if (!Set("OTEL_SERVICE_NAME"))
        {
            // The SDK reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES itself; a name set here would override them.
            otel.ConfigureResource(r => r.AddService(toolSection, serviceVersion: typeof(WorkerTelemetry).Assembly.GetName().Version?.ToString()));
        }

        if (metrics)
        {
            otel.WithMetrics(m => m.AddMeter(SqsMeter, source).AddOtlpExporter());
        }

        if (traces)
        {
            otel.WithTracing(t => t.AddSource(source).AddOtlpExporter());
        }
    }
}
