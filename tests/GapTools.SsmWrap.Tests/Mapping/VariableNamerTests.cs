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
    [InlineData("/app/api.key-v2", "/app/*", "", "API.KEY-V2")]
    [InlineData("/app/api.key-v2", "/app/*", "sanitize=true", "API_KEY_V2")]
    [InlineData("/app/PLAIN-SECRET", "/app/*", "", "PLAIN-SECRET")]
    [InlineData("/app/1password", "/app/*", "", "1PASSWORD")]
    [InlineData("/app/1password", "/app/*", "sanitize=true", "_1PASSWORD")]
    [InlineData("/app/db.host", "/app/*", "prefix=my-", "MY-DB.HOST")]
    [InlineData("/app/db.host", "/app/*", "prefix=my-,sanitize=true", "MY_DB_HOST")]
    [InlineData("/app/db.host", "/app/*", "prefix=my-,case=keep", "my-db.host")]
    [InlineData("/app/my-svc/db.host", "/app/**/*", "entirepath=true", "APP_MY-SVC_DB.HOST")]
    [InlineData("/app/Db-Main", "/app/**/*", "style=dotnet", "Db-Main")]
    [InlineData("/aws/reference/secretsmanager/prod/db-creds", "/aws/reference/secretsmanager/prod/db-creds", "", "DB-CREDS")]
    [InlineData("/aws/reference/secretsmanager/prod/db-creds", "/aws/reference/secretsmanager/prod/db-creds", "sanitize=true", "DB_CREDS")]
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

    [Theory]
    [InlineData("DB_HOST", true)]
    [InlineData("_1", true)]
    [InlineData("db_host9", true)]
    [InlineData("PLAIN-SECRET", false)]
    [InlineData("DB.HOST", false)]
    [InlineData("1PASSWORD", false)]
    [InlineData("", false)]
    [InlineData("ÜBER", false)]
    public void Shell_names_are_letters_digits_and_underscores_not_starting_with_a_digit(string name, bool expected) =>
        Assert.Equal(expected, VariableNamer.IsShellName(name));

    [Fact]
    public void Configuration_keys_are_the_path_below_the_selector_joined_by_colons()
    {
        var selector = ParameterSelector.Parse("/app/**/*");
        var segments = VariableNamer.BaseSegments("/app/Logging/LogLevel/Default", selector, VariableMapping.Default, KeyFormat.Configuration);

        Assert.Equal("Logging:LogLevel:Default", VariableNamer.Compose(segments, VariableMapping.Default, KeyFormat.Configuration));
    }
}
