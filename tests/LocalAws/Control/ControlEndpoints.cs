using System.Net;
using GapTools.LocalAws.Faults;
using GapTools.LocalAws.RequestLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GapTools.LocalAws.Control;

/// <summary>
/// Unsigned <c>/_localaws/…</c> endpoints so a standalone server (demo, benchmarks, another process) can be
/// inspected and given faults. AWS never serves this prefix, so it cannot shadow a real API.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(WebApplication app, LocalAwsState state, FaultInjector faults, RequestJournal journal)
    {
        var control = app.MapGroup("/_localaws");
        control.MapGet("/health", () => Results.Text("ok"));
        control.MapGet("/requests", (string? service, string? operation) => Results.Text(
            string.Join('\n', journal.Entries
                .Where(e => (service is null || e.Service == service) && (operation is null || e.Operation == operation))
                .Select(e => $"{e.Timestamp:O} {e.Service} {e.Operation} {e.StatusCode} {e.ErrorCode} {e.Fault}")) + "\n"));
        control.MapDelete("/requests", () =>
        {
            journal.Clear();
            return Results.NoContent();
        });

        // POST /_localaws/faults?service=ssm&operation=GetParameter&code=ThrottlingException&status=400&rate=0.5&count=3&kind=Error&latencyMs=0
        control.MapPost("/faults", (string service, string? operation, string? kind, string? code, int? status, double? rate, int? count, int? latencyMs) =>
        {
            var rule = new FaultRule
            {
                Service = service,
                Operation = operation,
                Kind = Enum.TryParse<FaultKind>(kind, ignoreCase: true, out var k) ? k : FaultKind.Error,
                ErrorCode = code ?? "ThrottlingException",
                ErrorMessage = $"Injected {code ?? "ThrottlingException"}",
                Status = (HttpStatusCode)(status ?? 400),
                Rate = rate ?? 1.0,
                Count = count,
                Latency = TimeSpan.FromMilliseconds(latencyMs ?? 0),
            };
            faults.Add(rule);
            return Results.Text(rule.ToString());
        });
        // POST /_localaws/cloudsearch/domains/movies → the domain's document endpoint is {ServiceUrl}/movies
        control.MapPost("/cloudsearch/domains/{name}", (string name) =>
        {
            state.CloudSearch.CreateDomain(name);
            return Results.Text($"/{name}/2013-01-01/documents/batch");
        });
        control.MapGet("/cloudsearch/domains/{name}/documents", (string name) =>
            state.CloudSearch.TryGetDomain(name, out var domain)
                ? Results.Text(string.Join('\n', domain.Documents.Snapshot().Select(d =>
                    $"{d.Id}\t{d.FieldsJson ?? $"{{\"_localaws_fields_sha256\":\"{d.Digest}\",\"_localaws_fields_bytes\":{d.Length}}}"}")) + "\n")
                : Results.NotFound());
        control.MapDelete("/faults", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        RedshiftControlEndpoints.Map(control, state);
    }
}
