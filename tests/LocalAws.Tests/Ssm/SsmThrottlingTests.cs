using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using GapTools.LocalAws.Faults;
using GapTools.LocalAws.Ssm;

namespace GapTools.LocalAws.Tests.Ssm;

public sealed class SsmThrottlingTests(SsmServerFixture fixture) : IClassFixture<SsmServerFixture>
{
    private readonly string root = $"/t{Guid.NewGuid():N}";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    // Exactly half the rolls are below 0.5 (fire), never more than two in a row.
    private static Func<double> PinnedHalf()
    {
        double[] rolls = [0.1, 0.2, 0.7, 0.3, 0.9, 0.6];
        var next = 0;
        return () => rolls[Interlocked.Increment(ref next) % rolls.Length];
    }

    [Fact]
    public async Task Half_the_calls_throttled_an_SDK_client_with_retries_still_reads_everything()
    {
        var names = Enumerable.Range(0, 40).Select(i => $"{root}/app/{(i < 20 ? "" : "nested/")}k{i:00}").ToList();
        names.ForEach(n => fixture.Server.State.Ssm.Put(n, $"v-{n}"));
        fixture.Server.Faults.Randomizer = PinnedHalf();
        using var retrying = fixture.Server.CreateSsmClient(c =>
        {
            c.RetryMode = RequestRetryMode.Standard;
            c.MaxErrorRetry = 4;
        });
        var journalBefore = fixture.Server.Requests.Entries.Count;

        var read = new List<Parameter>();
        using (fixture.Server.Faults.Add(FaultRule.Throttling("ssm", null, rate: 0.5)))
        {
            var request = new GetParametersByPathRequest { Path = $"{root}/app", Recursive = true, MaxResults = 10 };
            do
            {
                var page = await retrying.GetParametersByPathAsync(request, ct);
                read.AddRange(page.Parameters);
                request.NextToken = page.NextToken;
            }
            while (request.NextToken is not null);

            var batch = await retrying.GetParametersAsync(new GetParametersRequest { Names = names.Take(10).ToList() }, ct);
            read.AddRange(batch.Parameters);
        }

        var entries = fixture.Server.Requests.Entries.Skip(journalBefore).Where(e => e.Service == "ssm").ToList();
        var throttled = entries.Where(e => e.ErrorCode == "ThrottlingException").ToList();
        Assert.Equal(names.Concat(names.Take(10)), read.Select(p => p.Name));
        Assert.All(read, p => Assert.Equal($"v-{p.Name}", p.Value));
        Assert.Equal(5, entries.Count(e => e.StatusCode == 200));
        Assert.Equal(5, throttled.Count);
        Assert.All(throttled, e => Assert.Equal((400, true), (e.StatusCode, e.Fault?.Contains("ThrottlingException", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Without_retries_the_injected_throttle_reaches_the_caller_as_ThrottlingException()
    {
        fixture.Server.State.Ssm.Put($"{root}/x", "v");

        using (fixture.Server.Faults.Add(FaultRule.Throttling("ssm", "GetParameter", count: 1)))
        {
            var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
                fixture.Client.GetParameterAsync(new GetParameterRequest { Name = $"{root}/x" }, ct));

            Assert.Equal("ThrottlingException", error.ErrorCode);
        }

        var after = await fixture.Client.GetParameterAsync(new GetParameterRequest { Name = $"{root}/x" }, ct);
        Assert.Equal("v", after.Parameter.Value);
    }

    [Fact]
    public async Task Faults_added_over_the_control_endpoint_reach_SSM()
    {
        fixture.Server.State.Ssm.Put($"{root}/y", "v");
        using var http = new HttpClient { BaseAddress = fixture.Server.ServiceUrl };

        using var added = await http.PostAsync(new Uri("/_localaws/faults?service=ssm&operation=GetParameter&count=1", UriKind.Relative), null, ct);
        var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
            fixture.Client.GetParameterAsync(new GetParameterRequest { Name = $"{root}/y" }, ct));
        var log = await http.GetStringAsync(new Uri("/_localaws/requests?service=ssm&operation=GetParameter", UriKind.Relative), ct);
        using var cleared = await http.DeleteAsync(new Uri("/_localaws/faults", UriKind.Relative), ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Contains("GetParameter 400 ThrottlingException", log, StringComparison.Ordinal);
    }
}
