using Amazon.S3;
using GapTools.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToRedshift.Tests.EndToEnd;

/// <summary>
/// The library in a plain Generic Host application, as a user's <c>dotnet new worker</c> has it: only
/// <c>AddS3ToRedshift(configuration)</c>, configuration keys, and the application's own services around it.
/// </summary>
public sealed class LibraryHostTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddS3ToRedshift_runs_the_worker_as_a_hosted_service_and_leaves_the_apps_own_IAmazonS3_alone()
    {
        await using var world = await WorkerHarness.StartAsync(postgres);
        await world.PutAsync("data/a.json", 1, 2);
        await world.PutAsync("data/b.json", 3);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(world.Settings());
        builder.Configuration["S3ToRedshift:Batch:MaxWait"] = "00:00:00.200";
        builder.Logging.AddProvider(world.Logs);

        // The application's own S3 client points nowhere: the tool must keep using its own.
        using var appS3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("app", "app"), new AmazonS3Config { ServiceURL = "http://127.0.0.1:9", MaxErrorRetry = 0 });
        builder.Services.AddSingleton<IAmazonS3>(appS3);
        builder.Services.AddS3ToRedshift(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(Ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await world.ScalarAsync("SELECT count(*) FROM public.events") < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(await world.ScalarAsync("SELECT count(*) FROM public.events") == 3, world.AllLogs());
        await Eventually.TrueAsync(() => world.Messages(WorkerHarness.Queue) == 0, TimeSpan.FromSeconds(10), world.AllLogs);
        await host.StopAsync(Ct);

        Assert.Same(appS3, host.Services.GetRequiredService<IAmazonS3>());
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<Hosting.S3ToRedshiftService>());
    }

    [Fact]
    public void A_missing_queue_fails_at_start_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["S3ToRedshift:Redshift:Host"] = "127.0.0.1",
            ["S3ToRedshift:Redshift:Database"] = "dev",
            ["S3ToRedshift:Copy:IamRole"] = "arn:aws:iam::123456789012:role/loader",
            ["S3ToRedshift:Targets:0:Bucket"] = "incoming",
            ["S3ToRedshift:Targets:0:Table"] = "events",
        });
        builder.Services.AddS3ToRedshift(builder.Configuration);
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.StartAsync(Ct).GetAwaiter().GetResult());

        Assert.Contains(error.Failures, f => f.StartsWith("S3ToRedshift:Sqs:Queue is required", StringComparison.Ordinal));
    }
}
