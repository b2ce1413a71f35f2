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
}
