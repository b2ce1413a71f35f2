using GapTools.SsmWrap.Fetching;
using GapTools.SsmWrap.Tests.Fakes;

namespace GapTools.SsmWrap.Tests.Fetching;

public class ParameterFetcherTests
{
    private static Task<FetchResult> Fetch(MapParameterReader reader, params string[] selectors) =>
        new ParameterFetcher(reader, 4).FetchAsync(FetchPlan.Create(selectors.Select(ParameterSelector.Parse)), TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_recursive_path_is_paged_to_the_end_ten_at_a_time()
    {
        var reader = new MapParameterReader();
        for (var i = 0; i < 35; i++)
        {
            reader.Put($"/app/{(i % 2 == 0 ? "a" : "b/c")}/p{i:00}", $"v{i}");
        }

        var result = await Fetch(reader, "/app/**/*");

        Assert.Equal(35, result.Parameters.Count);
        Assert.Equal(4, result.Calls);
        Assert.Equal(4, reader.CallsTo("GetParametersByPath"));
    }

    [Fact]
    public async Task A_one_level_path_asks_for_direct_children_only()
    {
        var reader = new MapParameterReader().Put("/app/a", "1").Put("/app/b/c", "2");

        var result = await Fetch(reader, "/app/*");

        Assert.Equal(["/app/a"], result.Parameters.Keys);
        Assert.Contains("recursive=False", reader.Calls.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explicit_names_are_fetched_in_chunks_and_missing_ones_are_absent()
    {
        var reader = new MapParameterReader();
        var names = Enumerable.Range(0, 25).Select(i => $"/n/p{i:00}").ToArray();
        foreach (var name in names.Take(24))
        {
            reader.Put(name, "v");
        }

        var result = await Fetch(reader, names);

        Assert.Equal(3, reader.CallsTo("GetParameters"));
        Assert.Equal(24, result.Parameters.Count);
        Assert.False(result.Parameters.ContainsKey("/n/p24"));
    }

    [Fact]
    public async Task Secret_references_use_GetParameter()
    {
        var reader = new MapParameterReader().Put("/aws/reference/secretsmanager/db", "{}", "SecureString");

        var result = await Fetch(reader, "/aws/reference/secretsmanager/db", "/aws/reference/secretsmanager/missing");

        Assert.Equal(["/aws/reference/secretsmanager/db"], result.Parameters.Keys);
        Assert.Equal(2, reader.CallsTo("GetParameter"));
    }

    [Fact]
    public async Task A_failed_call_fails_the_fetch_naming_the_call_and_the_error_type_not_its_message()
    {
        var reader = new MapParameterReader().Put("/app/a", "1");
        reader.Fault = call => call.StartsWith("GetParameters ", StringComparison.Ordinal) ? new InvalidOperationException("boom") : null;

        var error = await Assert.ThrowsAsync<SsmWrapException>(() => Fetch(reader, "/app/*", "/x/y"));

        Assert.Equal("GetParameters /x/y failed: InvalidOperationException", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task When_the_first_call_is_refused_no_other_call_is_made()
    {
        // Refused after a yield, as over the network: other calls could start meanwhile if the gate let them.
        var reader = new MapParameterReader
        {
            Gate = async () =>
            {
                await Task.Delay(20);
                throw new UnauthorizedAccessException("refused");
            },
        };
        string[] selectors = ["/a/*", "/b/**/*", .. Enumerable.Range(0, 25).Select(i => $"/n/p{i:00}")];

        await Assert.ThrowsAsync<SsmWrapException>(() => Fetch(reader, selectors));

        Assert.Single(reader.Calls);
    }

    [Fact]
    public async Task After_the_first_answer_calls_run_side_by_side()
    {
        var reader = new MapParameterReader();
        var inFlight = 0;
        var peak = 0;
        var release = new TaskCompletionSource();
        reader.Gate = async () =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            if (now == 4)
            {
                release.TrySetResult();
            }

            // The first call answers at once; later ones wait until four are in flight together (or time out).
            if (reader.Calls.Count > 1)
            {
                await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }

            Interlocked.Decrement(ref inFlight);
        };

        await Fetch(reader, ["/a/*", "/b/*", "/c/*", "/d/*", "/e/*"]);

        Assert.Equal(4, peak);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
