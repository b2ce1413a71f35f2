namespace GapTools.SsmWrap.Tests.Rules;

public class ParameterSelectorTests
{
    [Theory]
    [InlineData("/app/db/host", "/app/db/host", SelectorDepth.Exact)]
    [InlineData("db-password", "db-password", SelectorDepth.Exact)]
    [InlineData("/app/*", "/app", SelectorDepth.Children)]
    [InlineData("/app/**/*", "/app", SelectorDepth.Recursive)]
    [InlineData("/*", "/", SelectorDepth.Children)]
    [InlineData("/**/*", "/", SelectorDepth.Recursive)]
    [InlineData("/aws/reference/secretsmanager/prod/db+x=y@z", "/aws/reference/secretsmanager/prod/db+x=y@z", SelectorDepth.Exact)]
    public void Parse_reads_path_and_depth_and_prints_it_back(string text, string path, SelectorDepth depth)
    {
        var selector = ParameterSelector.Parse(text);

        Assert.Equal(path, selector.Path);
        Assert.Equal(depth, selector.Depth);
        Assert.Equal(text, selector.ToString());
        Assert.Equal(selector, ParameterSelector.Parse(selector.ToString()));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/app/db host", "only letters")]
    [InlineData("/app//host", "empty segment")]
    [InlineData("/app/", "empty segment")]
    [InlineData("/app/*/host", "wildcard")]
    [InlineData("/app/**", "wildcard")]
    [InlineData("app/*", "must start with /")]
    [InlineData("/aws/reference/secretsmanager/*", "Secrets Manager")]
    [InlineData("/aws/service/ami", "/aws/")]
    [InlineData("/aws/reference/secretsmanager/", "secret id")]
    [InlineData("/aws/reference/secretsmanager/a b", "secret id")]
    public void Parse_rejects_invalid_paths_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ParameterSelector.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/app/*", "/app/host", true)]
    [InlineData("/app/*", "/app/db/host", false)]
    [InlineData("/app/*", "/application/host", false)]
    [InlineData("/app/**/*", "/app/db/host", true)]
    [InlineData("/app/**/*", "/app/host", true)]
    [InlineData("/app/**/*", "/app", false)]
    [InlineData("/app/**/*", "/apple/x", false)]
    [InlineData("/**/*", "/anything/at/all", true)]
    [InlineData("/**/*", "/aws/reference/secretsmanager/db", false)]
    [InlineData("/*", "/top", true)]
    [InlineData("/app/host", "/app/host", true)]
    [InlineData("/app/host", "/app/hostname", false)]
    public void Matches_takes_exactly_the_selected_level(string selector, string name, bool expected) =>
        Assert.Equal(expected, ParameterSelector.Parse(selector).Matches(name));

    [Theory]
    [InlineData("/app/**/*", "/app/**/*", true)]
    [InlineData("/app/**/*", "/app/db/**/*", true)]
    [InlineData("/app/**/*", "/app/*", true)]
    [InlineData("/app/**/*", "/app/db/*", true)]
    [InlineData("/app/**/*", "/app/db/host", true)]
    [InlineData("/app/**/*", "/apple/*", false)]
    [InlineData("/app/*", "/app/host", true)]
    [InlineData("/app/*", "/app/db/host", false)]
    [InlineData("/app/*", "/app/**/*", false)]
    [InlineData("/app/*", "/app/db/*", false)]
    [InlineData("/app/host", "/app/host", true)]
    [InlineData("/app/host", "/app/*", false)]
    [InlineData("/**/*", "/aws/reference/secretsmanager/db", false)]
    public void Covers_is_true_only_when_one_fetch_serves_both(string broad, string narrow, bool expected) =>
        Assert.Equal(expected, ParameterSelector.Parse(broad).Covers(ParameterSelector.Parse(narrow)));

    [Fact]
    public void Secret_references_are_recognised() =>
        Assert.True(ParameterSelector.Parse("/aws/reference/secretsmanager/db").IsSecretReference);
}
