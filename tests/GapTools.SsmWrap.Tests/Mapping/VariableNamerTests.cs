using GapTools.SsmWrap.Mapping;

namespace GapTools.SsmWrap.Tests.Mapping;

public class VariableNamerTests
{
    private static string Name(string parameter, string selector, string rule = "") =>
        VariableNamer.Compose(
            VariableNamer.BaseSegments(parameter, ParameterSelector.Parse(selector), Mapping(selector, rule), KeyFormat.Environment),
            Mapping(selector, rule),
            KeyFormat.Environment);

    private static VariableMapping Mapping(string selector, string rule) =>
        SsmRule.ParseEnv("path=" + selector + (rule.Length > 0 ? "," + rule : "")).Destination.Mapping;

    [Theory]
    [InlineData("/app/db/host", "/app/db/*", "", "HOST")]
    [InlineData("/app/db/host", "/app/**/*", "", "HOST")]
    [InlineData("/app/db/host", "/app/db/host", "", "HOST")]
    [InlineData("/app/db/host", "/app/db/*", "prefix=APP_", "APP_HOST")]
    [InlineData("/app/db/host", "/app/db/*", "entirepath=true", "APP_DB_HOST")]
    [InlineData("/app/db/host", "/app/db/*", "prefix=X_,entirepath=true", "X_APP_DB_HOST")]
    [InlineData("/app/db_host", "/app/*", "prefix=TF_VAR_,case=keep", "TF_VAR_db_host")]
    [InlineData("/app/ConnectionStrings/Default", "/app/**/*", "style=dotnet", "ConnectionStrings__Default")]
    [InlineData("/app/ConnectionStrings/Default", "/app/**/*", "style=dotnet,case=upper", "CONNECTIONSTRINGS__DEFAULT")]
    [InlineData("/app/Logging/LogLevel/Default", "/app/Logging/**/*", "style=dotnet", "LogLevel__Default")]
    [InlineData("/app/ConnectionStrings/Default", "/app/ConnectionStrings/Default", "style=dotnet", "Default")]
    [InlineData("/app/ConnectionStrings/Default", "/app/**/*", "style=dotnet,entirepath=true", "app__ConnectionStrings__Default")]
    [InlineData("/app/api.key-v2", "/app/*", "", "API_KEY_V2")]
    [InlineData("/app/1password", "/app/*", "", "_1PASSWORD")]
    [InlineData("/aws/reference/secretsmanager/prod/db-creds", "/aws/reference/secretsmanager/prod/db-creds", "", "DB_CREDS")]
    [InlineData("top", "top", "", "TOP")]
    public void Names_follow_the_rule(string parameter, string selector, string rule, string expected) =>
        Assert.Equal(expected, Name(parameter, selector, rule));

    [Theory]
    [InlineData("a.b-c", "a_b_c")]
    [InlineData("9lives", "_9lives")]
    [InlineData("", "_")]
    [InlineData("ünï", "_n_")]
    [InlineData("ok_NAME_1", "ok_NAME_1")]
    public void Sanitise_gives_valid_posix_names(string name, string expected) =>
        Assert.Equal(expected, VariableNamer.Sanitise(name));

    [Fact]
    public void Configuration_keys_are_the_path_below_the_selector_joined_by_colons()
    {
        var selector = ParameterSelector.Parse("/app/**/*");
        var segments = VariableNamer.BaseSegments("/app/Logging/LogLevel/Default", selector, VariableMapping.Default, KeyFormat.Configuration);

        Assert.Equal("Logging:LogLevel:Default", VariableNamer.Compose(segments, VariableMapping.Default, KeyFormat.Configuration));
    }
}
