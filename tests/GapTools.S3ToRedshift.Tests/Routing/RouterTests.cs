using GapTools.S3ToRedshift.Routing;

namespace GapTools.S3ToRedshift.Tests.Routing;

public sealed class RouterTests
{
    private const string Destination = "redshift://loader:****@cluster:5439/dev";

    internal static RouteRule Rule(RouteRuleSpec spec, int index = 0)
    {
        Assert.True(RouteRule.TryCreate(index, spec, Destination, out var rule, out var errors), string.Join("; ", errors));
        return rule!;
    }

    [Fact]
    public void Prefix_rule_matches_bucket_and_prefix_only()
    {
        var rule = Rule(new RouteRuleSpec("logs", KeyPrefix: "app/", Schema: "raw", Table: "app_logs"));
        Assert.True(rule.IsMatch("logs", "app/2024/x.json", out _));
        Assert.False(rule.IsMatch("logs", "App/x.json", out _));
        Assert.False(rule.IsMatch("other", "app/x.json", out _));
    }

    [Fact]
    public void Regex_captures_expand_into_schema_and_table_including_ten_and_names()
    {
        var rule = Rule(new RouteRuleSpec(
            "b",
            KeyRegex: @"^(a)(b)(c)(d)(e)(f)(g)(h)(i)(?<tbl>[a-z_]+)/(?P<part>\d+)/",
            Schema: "s_$1",
            Table: "${tbl}_$10_${part}"));
        var decision = new Router([rule]).Route("b", "abcdefghievents/42/file.json");
        var target = Assert.Single(decision.Loads);
        Assert.Equal(new QualifiedTableName("s_a", "events_events_42"), target.Table);
    }

    [Fact]
    public void Every_matching_rule_loads_until_break_or_discard_as_in_Rin()
    {
        // Rin v1.3.2 (redshift.go): a matching discard target ends the object's targets ("break TARGETS").
        var router = new Router([
            Rule(new RouteRuleSpec("b", KeyPrefix: "all/", Table: "all_objects"), 0),
            Rule(new RouteRuleSpec("b", KeyPrefix: "all/tmp/", Discard: true), 1),
            Rule(new RouteRuleSpec("b", KeyPrefix: "tmp/", Discard: true), 2),
            Rule(new RouteRuleSpec("b", KeyPrefix: "", Table: "any_objects"), 3),
            Rule(new RouteRuleSpec("b", KeyPrefix: "x/", Table: "x_objects", Break: true), 4),
            Rule(new RouteRuleSpec("b", KeyPrefix: "", Table: "never_after_break"), 5),
        ]);

        var x = router.Route("b", "x/1.json");
        Assert.Equal(["any_objects", "x_objects"], x.Loads.Select(l => l.Table.Table));
        Assert.Empty(x.Discarded);

        var tmp = router.Route("b", "tmp/1.json");
        Assert.Empty(tmp.Loads);
        Assert.Single(tmp.Discarded);
        Assert.False(tmp.IsUnmatched);

        // A load before the discard stands; nothing after it runs.
        var allTmp = router.Route("b", "all/tmp/1.json");
        Assert.Equal(["all_objects"], allTmp.Loads.Select(l => l.Table.Table));
        Assert.Single(allTmp.Discarded);

        Assert.True(router.Route("other", "x/1.json").IsUnmatched);
    }

    [Fact]
    public void Discard_with_break_stops_before_later_loads()
    {
        var router = new Router([
            Rule(new RouteRuleSpec("b", KeyPrefix: "tmp/", Discard: true, Break: true), 0),
            Rule(new RouteRuleSpec("b", Table: "everything"), 1),
        ]);
        var decision = router.Route("b", "tmp/a");
        Assert.Empty(decision.Loads);
        Assert.False(decision.IsUnmatched);
    }

    [Fact]
    public void Expansion_to_an_invalid_identifier_is_an_error_for_that_object()
    {
        var router = new Router([Rule(new RouteRuleSpec("b", KeyRegex: @"^([^/]*)/", Table: "$1"))]);
        var decision = router.Route("b", "/no-table.json");
        Assert.Empty(decision.Loads);
        Assert.False(decision.IsUnmatched);
        Assert.Contains("expands to '', which is empty", Assert.Single(decision.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_rules_naming_the_same_table_load_once()
    {
        var router = new Router([Rule(new RouteRuleSpec("b", Table: "t"), 0), Rule(new RouteRuleSpec("b", KeyPrefix: "a", Table: "t"), 1)]);
        Assert.Single(router.Route("b", "a.json").Loads);
    }

    [Theory]
    [InlineData(null, null, null, "t", "Bucket is required")]
    [InlineData("b", "p", "r", "t", "not both")]
    [InlineData("b", null, "(", "t", "KeyRegex does not compile")]
    [InlineData("b", "p/", null, "$1", "only KeyRegex defines")]
    [InlineData("b", null, "(x)", "$2", "${2}, which KeyRegex does not define")]
    [InlineData("b", null, "(x)", "${name}", "${name}, which KeyRegex does not define")]
    [InlineData("b", null, null, null, "Table is required")]
    [InlineData("b", null, null, "bad\ttable", "control character")]
    [InlineData("b", null, null, "t$", "not a valid name template")]
    public void Rules_are_checked_before_the_first_event(string? bucket, string? prefix, string? regex, string? table, string expected)
    {
        Assert.False(RouteRule.TryCreate(0, new RouteRuleSpec(bucket, prefix, regex, Table: table), Destination, out _, out var errors));
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_has_rins_shape_with_the_password_masked()
    {
        Assert.Equal(
            "s3://b/logs/ => redshift://loader:****@cluster:5439/dev/raw.events",
            Rule(new RouteRuleSpec("b", KeyPrefix: "logs/", Schema: "raw", Table: "events")).ToString());
        Assert.Equal(
            @"s3://b/(\d+)/(.+) => redshift://loader:****@cluster:5439/dev/$1.t_$2 (break)",
            Rule(new RouteRuleSpec("b", KeyRegex: @"(\d+)/(.+)", Schema: "$1", Table: "t_$2", Break: true)).ToString());
        Assert.Equal("s3://b/tmp/ => (discard)", Rule(new RouteRuleSpec("b", KeyPrefix: "tmp/", Discard: true)).ToString());
    }

    [Fact]
    public void A_catastrophic_pattern_times_out_as_no_match()
    {
        var rule = Rule(new RouteRuleSpec("b", KeyRegex: "^(a+)+$", Table: "t"));
        Assert.False(rule.IsMatch("b", new string('a', 40) + "!", out _));
    }
}
