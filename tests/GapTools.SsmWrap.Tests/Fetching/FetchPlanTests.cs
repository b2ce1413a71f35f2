using GapTools.SsmWrap.Fetching;

namespace GapTools.SsmWrap.Tests.Fetching;

public class FetchPlanTests
{
    private static FetchPlan Plan(params string[] selectors) => FetchPlan.Create(selectors.Select(ParameterSelector.Parse));

    [Fact]
    public void Twenty_five_names_go_out_in_three_calls_of_at_most_ten()
    {
        var names = Enumerable.Range(1, 25).Select(i => $"/app/p{i:00}").ToArray();

        var plan = Plan(names);

        Assert.Equal([10, 10, 5], plan.NameBatches.Select(b => b.Count));
        Assert.Equal(names.Order(StringComparer.Ordinal), plan.NameBatches.SelectMany(b => b).Order(StringComparer.Ordinal));
        Assert.Empty(plan.Paths);
    }

    [Fact]
    public void Selectors_covered_by_a_broader_one_are_not_fetched_again_whatever_the_order()
    {
        var plan = Plan("/app/db/host", "/app/db/*", "/app/**/*", "/app/x", "/other/*", "/other/y", "/other/z/w");

        Assert.Equal([new PathQuery("/app", true), new PathQuery("/other", false)], plan.Paths);
        Assert.Equal(["/other/z/w"], plan.NameBatches.SelectMany(b => b));
    }

    [Fact]
    public void Secret_references_are_read_one_by_one_and_never_covered()
    {
        var plan = Plan("/**/*", "/aws/reference/secretsmanager/db", "/aws/reference/secretsmanager/db");

        Assert.Equal([new PathQuery("/", true)], plan.Paths);
        Assert.Equal(["/aws/reference/secretsmanager/db"], plan.SecretReferences);
        Assert.Empty(plan.NameBatches);
    }

    [Fact]
    public void A_nested_recursive_path_is_covered_by_its_ancestor() =>
        Assert.Equal([new PathQuery("/a", true)], Plan("/a/b/c/**/*", "/a/b/**/*", "/a/**/*").Paths);
}
