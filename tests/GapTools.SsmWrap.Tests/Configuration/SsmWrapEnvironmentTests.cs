namespace GapTools.SsmWrap.Tests.Configuration;

public class SsmWrapEnvironmentTests
{
    [Fact]
    public void Rules_are_SSMWRAP_ENV_then_digit_suffixes_in_numeric_order_as_ssmwrap_v2_reads_them()
    {
        var rules = SsmWrapEnvironment.EnvRules(new Dictionary<string, string>
        {
            ["SSMWRAP_ENV_10"] = "path=/ten/*",
            ["SSMWRAP_ENV_2"] = "path=/two/*",
            ["SSMWRAP_ENV"] = "path=/plain/*",
            ["SSMWRAP_ENV_DB"] = "not a rule: v2 matches ^SSMWRAP_ENV(_\\d+)?$",
            ["SSMWRAP_ENV_"] = "not a rule either",
            ["SSMWRAP_ENV_1X"] = "nor this",
        });

        Assert.Equal(["/plain/*", "/two/*", "/ten/*"], rules.Select(r => r.Selector.ToString()));
    }

    [Fact]
    public void A_bad_rule_names_its_variable() =>
        Assert.StartsWith(
            "SSMWRAP_ENV_3: invalid rule",
            Assert.Throws<FormatException>(() => SsmWrapEnvironment.EnvRules(new Dictionary<string, string> { ["SSMWRAP_ENV_3"] = "prefix=X" })).Message,
            StringComparison.Ordinal);
}
