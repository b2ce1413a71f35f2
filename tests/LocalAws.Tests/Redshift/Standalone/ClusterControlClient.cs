using System.Net;
using System.Text.Json.Nodes;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Standalone;

/// <summary>What <c>GET /_localaws/redshift/clusters/{id}</c> answers, read by its JSON names.</summary>
internal sealed record ClusterEndpoint(string Host, int Port, string Database, string MasterUser, string? MasterPassword, string Status, JsonObject Json)
{
    public static ClusterEndpoint Parse(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        return new ClusterEndpoint(
            (string)node["host"]!,
            (int)node["port"]!,
            (string)node["database"]!,
            (string)node["masterUser"]!,
            (string?)node["masterPassword"],
            (string)node["status"]!,
            node);
    }

    /// <summary>The master login through the proxy, unpooled so every open really connects.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = Database,
        Username = MasterUser,
        Password = MasterPassword,
        Pooling = false,
        Timeout = 10,
    }.ConnectionString;
}

/// <summary>The unsigned <c>/_localaws/redshift/clusters/…</c> endpoints over plain HTTP, as another process uses them.</summary>
internal sealed class ClusterControlClient(Uri serviceUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = serviceUrl, Timeout = TimeSpan.FromSeconds(30) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<ClusterEndpoint> GetAsync(string cluster)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/_localaws/redshift/clusters/{cluster}");
        return await ReadAsync(response);
    }

    public async Task<ClusterEndpoint> SetStatusAsync(string cluster, string status)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/_localaws/redshift/clusters/{cluster}/status?value={Uri.EscapeDataString(status)}");
        return await ReadAsync(response);
    }

    public async Task<ClusterEndpoint> AddFaultAsync(string cluster, string kind)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/_localaws/redshift/clusters/{cluster}/faults?kind={kind}");
        return await ReadAsync(response);
    }

    public async Task ClearFaultsAsync(string cluster)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"/_localaws/redshift/clusters/{cluster}/faults");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Any call, answered as status and body text (for the error cases).</summary>
    public async Task<(HttpStatusCode Status, string Body)> CallAsync(HttpMethod method, string path)
    {
        using var response = await SendAsync(method, path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        return await http.SendAsync(request, Ct);
    }

    private static async Task<ClusterEndpoint> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return ClusterEndpoint.Parse(body);
    }
}
