using System.Text.Json.Serialization;
using GapTools.LocalAws.Redshift.ControlPlane;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GapTools.LocalAws.Control;

/// <summary>
/// <c>/_localaws/redshift/clusters/…</c>: what a process outside LocalAws needs to use and disturb a Redshift cluster
/// (its endpoint and login, its status, the proxy's fault switches). Works for every attached cluster, standalone
/// (<c>--redshift NAME</c>) or in-process (<c>server.StartRedshiftCluster</c>), since it reads
/// <see cref="LocalAwsState.Redshift"/>.
/// </summary>
internal static class RedshiftControlEndpoints
{
    /// <summary>The fault names <c>POST …/faults?kind=</c> accepts, mapped to <see cref="Redshift.Wire.RedshiftWireProxy"/>'s switches.</summary>
    public static IReadOnlyList<string> FaultKinds { get; } = ["RefuseConnections", "DropAllConnections", "DropNextCopy"];

    public static void Map(RouteGroupBuilder control, LocalAwsState state)
    {
        var clusters = control.MapGroup("/redshift/clusters");

        // GET /_localaws/redshift/clusters → every attached cluster; …/{id} → one (404 if unknown).
        clusters.MapGet("/", () => Results.Json(
            state.Redshift.Clusters.Select(Describe).ToList(), RedshiftControlJson.Default.ListRedshiftClusterInfo));
        clusters.MapGet("/{id}", (string id) => WithCluster(state, id, Info));

        // POST /_localaws/redshift/clusters/{id}/status?value=modifying → DescribeClusters reports it.
        clusters.MapPost("/{id}/status", (string id, string? value) => WithCluster(state, id, cluster =>
        {
            if (value is null || !RedshiftClusterStatus.Documented.Contains(value, StringComparer.Ordinal))
            {
                return Results.Text(
                    $"value must be one of: {string.Join(", ", RedshiftClusterStatus.Documented.Select(s => $"'{s}'"))}.", statusCode: StatusCodes.Status400BadRequest);
            }

            cluster.Status = value;
            return Info(cluster);
        }));

        // POST /_localaws/redshift/clusters/{id}/faults?kind=RefuseConnections|DropAllConnections|DropNextCopy
        clusters.MapPost("/{id}/faults", (string id, string? kind) => WithCluster(state, id, cluster =>
        {
            switch (kind?.ToUpperInvariant())
            {
                case "REFUSECONNECTIONS":
                    cluster.Proxy.RefuseConnections = true;
                    break;
                case "DROPALLCONNECTIONS":
                    cluster.Proxy.DropAllConnections();
                    break;
                case "DROPNEXTCOPY":
                    cluster.Proxy.DropNextCopy = true;
                    break;
                default:
                    return Results.Text($"kind must be one of: {string.Join(", ", FaultKinds)}.", statusCode: StatusCodes.Status400BadRequest);
            }

            return Info(cluster);
        }));

        // DELETE /_localaws/redshift/clusters/{id}/faults → accepting connections again, no pending COPY drop.
        clusters.MapDelete("/{id}/faults", (string id) => WithCluster(state, id, cluster =>
        {
            cluster.Proxy.RefuseConnections = false;
            cluster.Proxy.DropNextCopy = false;
            return Results.NoContent();
        }));

        // POST …/{id}/maintenance[?status=rebooting] → RedshiftCluster.BeginMaintenance; DELETE → EndMaintenance.
        clusters.MapPost("/{id}/maintenance", (string id, string? status) => WithCluster(state, id, cluster =>
        {
            var maintenanceStatus = status ?? RedshiftClusterStatus.Modifying;
            if (!RedshiftClusterStatus.Documented.Contains(maintenanceStatus, StringComparer.Ordinal))
            {
                return Results.Text($"status must be one of: {string.Join(", ", RedshiftClusterStatus.Documented.Select(s => $"'{s}'"))}.", statusCode: StatusCodes.Status400BadRequest);
            }

            cluster.BeginMaintenance(maintenanceStatus);
            return Info(cluster);
        }));
        clusters.MapDelete("/{id}/maintenance", (string id) => WithCluster(state, id, cluster =>
        {
            cluster.EndMaintenance();
            return Info(cluster);
        }));
    }

    /// <summary>What <c>GET /_localaws/redshift/clusters/{id}</c> answers.</summary>
    internal static RedshiftClusterInfo Describe(RedshiftCluster cluster) => new(
        cluster.Identifier,
        cluster.Proxy.Host,
        cluster.Proxy.Port,
        cluster.DatabaseName,
        cluster.MasterUsername,
        cluster.MasterPassword,
        cluster.Status,
        cluster.Proxy.RefuseConnections,
        cluster.Proxy.DropNextCopy,
        cluster.Proxy.ConnectionCount);

    private static IResult Info(RedshiftCluster cluster) => Results.Json(Describe(cluster), RedshiftControlJson.Default.RedshiftClusterInfo);

    private static IResult WithCluster(LocalAwsState state, string id, Func<RedshiftCluster, IResult> action) =>
        state.Redshift.TryGetCluster(id, out var cluster)
            ? action(cluster)
            : Results.Text($"No Redshift cluster named '{id}' is attached.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>
/// A cluster as the control endpoint reports it: <see cref="Host"/>:<see cref="Port"/> is the wire proxy (the endpoint
/// DescribeClusters reports), and <see cref="MasterUser"/>/<see cref="MasterPassword"/> log in through it.
/// </summary>
internal sealed record RedshiftClusterInfo(
    string Identifier,
    string Host,
    int Port,
    string Database,
    string MasterUser,
    string? MasterPassword,
    string Status,
    bool RefuseConnections,
    bool DropNextCopy,
    int Connections);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RedshiftClusterInfo))]
[JsonSerializable(typeof(List<RedshiftClusterInfo>))]
internal sealed partial class RedshiftControlJson : JsonSerializerContext;
