using System.Text.RegularExpressions;
using GapTools.S3ToRedshift.Routing;

namespace GapTools.S3ToRedshift.Tests.Routing;

public sealed class NameTemplateTests
{
    private static readonly Regex Eleven = new(@"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(?<name>l)?");
    private static readonly IReadOnlyDictionary<string, int> Groups = CaptureGroupNumbers.For(Eleven);

    [Fact]
    public void Dollar_ten_is_group_ten_not_group_one_followed_by_zero()
    {
        var match = Eleven.Match("abcdefghijkl");
        Assert.Equal("j", NameTemplate.Parse("$10").Expand(match, Groups));
        Assert.Equal("j", NameTemplate.Parse("${10}").Expand(match, Groups));
        Assert.Equal("a0", NameTemplate.Parse("${1}0").Expand(match, Groups));
        Assert.Equal("a_j_k", NameTemplate.Parse("$1_$10_$11").Expand(match, Groups));
    }

    [Fact]
    public void Named_groups_and_literal_dollars_expand()
    {
        var match = Eleven.Match("abcdefghijkl");
        Assert.Equal("t_l$", NameTemplate.Parse("t_${name}$$").Expand(match, Groups));
    }

    [Fact]
    public void Group_that_did_not_participate_expands_to_empty()
    {
        var match = Eleven.Match("abcdefghijk");
        Assert.True(match.Success);
        Assert.Equal("x_", NameTemplate.Parse("x_${name}").Expand(match, Groups));
    }

    [Fact]
    public void A_value_that_looks_like_a_reference_is_not_expanded_again()
    {
        var regex = new Regex("(.+)/(.+)");
        Assert.Equal("$2-zz", NameTemplate.Parse("$1-$2").Expand(regex.Match("$2/zz"), CaptureGroupNumbers.For(regex)));
    }

    [Theory]
    [InlineData("t$", "ends the text")]
    [InlineData("${1", "no closing")]
    [InlineData("${a-b}", "not a group number or name")]
    [InlineData("$x", "must be followed by")]
    [InlineData("${}", "not a group number or name")]
    public void Bad_templates_are_rejected_with_the_position(string text, string expected)
    {
        Assert.False(NameTemplate.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_groups_are_reported()
    {
        var template = NameTemplate.Parse("$1_$13_${name}_${other}_$01_$12");
        Assert.Equal(["1", "13", "name", "other", "1", "12"], template.GroupReferences);
        Assert.Equal(["13", "other"], template.UndefinedGroups(Groups));
        Assert.True(NameTemplate.Parse("plain").IsLiteral);
    }
}

public sealed class CaptureGroupNumbersTests
{
    [Fact]
    public void Numbers_follow_the_position_of_the_opening_parenthesis_like_go()
    {
        var regex = new Regex(@"(?<first>x)(y)(?:z)(?=v)(?'q'v)([(]\()(u)");
        var groups = CaptureGroupNumbers.For(regex);
        var match = regex.Match("xyzv((u");
        Assert.True(match.Success);
        Assert.Equal("x", match.Groups[groups["1"]].Value);
        Assert.Equal("y", match.Groups[groups["2"]].Value);
        Assert.Equal("v", match.Groups[groups["3"]].Value);
        Assert.Equal("((", match.Groups[groups["4"]].Value);
        Assert.Equal("u", match.Groups[groups["5"]].Value);
        Assert.Equal("x", match.Groups[groups["first"]].Value);
        Assert.False(groups.ContainsKey("6"));
    }

    [Fact]
    public void Classes_with_a_leading_bracket_and_escapes_are_not_groups() =>
        Assert.Equal([null, "n"], CaptureGroupNumbers.GroupsInOrder(@"[]()][^]()]\((a)(?<n>b)(?#c)(?i:d)"));
}
