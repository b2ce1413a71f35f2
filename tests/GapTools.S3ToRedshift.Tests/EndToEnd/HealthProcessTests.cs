using System.Net;
using System.Net.Sockets;
using GapTools.Testing;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// <c>Worker:HealthUrls</c> on the worker as its own process: ready while it consumes and Redshift takes loads, 503
/// with the reason while Redshift refuses connections, ready again after; the <c>health</c> subcommand exits by it (and by
/// <c>/health/live</c> with <c>--live</c>, still 0 during the outage).
/// </summary>
public sealed class HealthProcessTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_turns_503_with_the_reason_during_a_redshift_outage_and_200_after_it()
    {
        await using var world = await WorkerHarness.StartAsync(postgres, maxReceiveCount: 10);
        var url = $"http://127.0.0.1:{FreePort()}";
        var settings = world.Settings();
        settings["S3ToRedshift:Batch:MaxWait"] = "00:00:00.200";
        settings["S3ToRedshift:SinkOutage:ProbeDelay"] = "00:00:00.500";
        settings["S3ToRedshift:SinkOutage:MaxProbeDelay"] = "00:00:01";
        settings["Worker:HealthUrls"] = url;
        var environment = settings.Where(kv => kv.Value is not null)
            .ToDictionary(kv => "GAPTOOLS_" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        using var tool = CliProcess.Start(environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        await Eventually.TrueAsync(() => Status(http, url + "/health/ready") == HttpStatusCode.OK, TimeSpan.FromSeconds(60), () => tool.Output);
        Assert.Equal(0, await HealthCommandAsync(url));

        world.Cluster.Proxy.RefuseConnections = true;
        world.Cluster.Proxy.DropAllConnections();
        await world.PutAsync("data/a.json", 1);
        await world.PutAsync("data/b.json", 2);
        await Eventually.TrueAsync(() => Status(http, url + "/health/ready") == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), () => tool.Output);
        var body = await http.GetStringAsync(url + "/health/live", Ct);
        var ready = await (await http.GetAsync(url + "/health/ready", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"status\":\"live\"", body, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"not_ready\"", ready, StringComparison.Ordinal);
        Assert.Contains("Redshift is unavailable", ready, StringComparison.Ordinal);
        Assert.Equal(1, await HealthCommandAsync(url));
        Assert.Equal(0, await HealthCommandAsync(url, "--live")); // alive: replacing the container would not help

        world.Cluster.Proxy.RefuseConnections = false;
        await Eventually.TrueAsync(() => Status(http, url + "/health/ready") == HttpStatusCode.OK, TimeSpan.FromSeconds(60), () => tool.Output);
        await Eventually.TrueAsync(() => world.Messages(WorkerHarness.Queue) == 0, TimeSpan.FromSeconds(60), () => tool.Output);
        tool.Terminate();
        Assert.Equal(0, await tool.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.Equal(2, await world.ScalarAsync("SELECT count(*) FROM public.events"));
    }

    [Fact]
    public async Task The_health_command_exits_1_naming_the_address_when_nothing_answers()
    {
        using var probe = CliProcess.Start(new Dictionary<string, string>(), "health", "--url", $"http://127.0.0.1:{FreePort()}");

        Assert.Equal(1, await probe.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("/health/ready is not answering", probe.Output, StringComparison.Ordinal);
    }

    private static async Task<int> HealthCommandAsync(string url, params string[] more)
    {
        using var probe = CliProcess.Start(new Dictionary<string, string>(), ["health", "--url", url.Replace("127.0.0.1", "0.0.0.0", StringComparison.Ordinal), .. more]);
        return await probe.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    private static HttpStatusCode? Status(HttpClient http, string url)
    {
        try
        {
            using var response = http.GetAsync(url, Ct).GetAwaiter().GetResult();
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
