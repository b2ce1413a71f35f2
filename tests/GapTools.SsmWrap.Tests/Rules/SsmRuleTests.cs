namespace GapTools.SsmWrap.Tests.Rules;

public class SsmRuleTests
{
    [Theory]
    [InlineData("path=/app/*,type=env")]
    [InlineData("path=/app/**/*,type=env,prefix=APP_,entirepath=true")]
    [InlineData("path=/app/*,type=env,prefix=TF_VAR_,case=keep")]
    [InlineData("path=/app/**/*,type=env,style=dotnet")]
    [InlineData("path=/app/**/*,type=env,case=upper,style=dotnet")]
    [InlineData("path=/app/settings,type=env,json=true,optional=true")]
    [InlineData("path=/app/hosts,type=env,stringlist=index")]
    [InlineData("path=/app/*,type=env,prefix=APP_,sanitize=true")]
    [InlineData("path=/app/*,type=file,to=/run/app.env,format=dotenv,sanitize=true")]
    [InlineData("path=/app/tls/key,type=file,to=/run/secrets/key.pem")]
    [InlineData("path=/app/tls/key,type=file,to=/run/key,mode=0640,uid=1000,gid=2000,optional=true")]
    [InlineData("path=/app/*,type=file,to=/run/app.env,format=dotenv,prefix=APP_")]
    [InlineData("path=/app/**/*,type=file,to=/run/app.json,format=json,style=dotnet")]
    [InlineData("path=/aws/reference/secretsmanager/prod/db,type=env,json=true")]
    [InlineData("path=/app/db/url,type=env,to=DATABASE_URL")]
    [InlineData("path=/app/settings,type=env,to=Cfg,case=keep,json=true,optional=true")]
    public void ToString_prints_the_canonical_rule_that_Parse_reads_back(string text)
    {
        var rule = SsmRule.Parse(text);

        Assert.Equal(text, rule.ToString());
        Assert.Equal(rule, SsmRule.Parse(rule.ToString()));
    }

    [Fact]
    public void Env_flag_syntax_needs_no_type_and_knows_every_key()
    {
        var rule = SsmRule.ParseEnv("path=/app/*, prefix=APP_ ,ENTIREPATH=true,case=KEEP,style=dotnet,sanitize=T,json=1,stringlist=index,optional=true");

        Assert.Equal(ParameterSelector.Parse("/app/*"), rule.Selector);
        var env = Assert.IsType<EnvDestination>(rule.Destination);
        Assert.Equal(new VariableMapping
        {
            Prefix = "APP_",
            EntirePath = true,
            Case = NameCase.Keep,
            Style = NameStyle.Dotnet,
            Sanitize = true,
            Json = true,
            StringList = StringListMode.Indexed,
        }, env.Mapping);
        Assert.True(rule.Optional);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("t", true)]
    [InlineData("1", true)]
    [InlineData("FALSE", false)]
    [InlineData("f", false)]
    [InlineData("0", false)]
    public void Booleans_are_what_Go_strconv_ParseBool_reads_as_ssmwrap_v2_parses_entirepath(string text, bool expected) =>
        Assert.Equal(expected, SsmRule.ParseEnv("path=/app/*,entirepath=" + text).Destination.Mapping.EntirePath);

    [Fact]
    public void Env_to_is_the_exact_variable_name()
    {
        var env = Assert.IsType<EnvDestination>(SsmRule.ParseEnv("path=/app/db/url,to=Database_Url").Destination);

        Assert.Equal("Database_Url", env.To);
        Assert.Null(Assert.IsType<EnvDestination>(SsmRule.ParseEnv("path=/app/*").Destination).To);
    }

    [Fact]
    public void File_defaults_to_raw_and_mode_0600()
    {
        var file = Assert.IsType<FileDestination>(SsmRule.ParseFile("path=/app/key,to=/run/key").Destination);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, file.Mode);
        Assert.Equal(FileFormat.Raw, file.Format);
        Assert.Null(file.Uid);
        Assert.Null(file.Gid);
    }

    [Theory]
    [InlineData("prefix=X", "path=... is required")]
    [InlineData("path=/a/*,to=/x", "to= must be a variable name")]
    [InlineData("path=/a/*,to=1X", "to= must be a variable name")]
    [InlineData("path=/a/*,to=", "to= must be a variable name")]
    [InlineData("path=/a/b,to=X,entirepath=true", "cannot be combined with entirepath=")]
    [InlineData("path=/a/b,to=X,prefix=P_", "cannot be combined with prefix=")]
    [InlineData("path=/a/*,mode=0600", "unknown key 'mode'")]
    [InlineData("path=/a/*,prefix=A,prefix=B", "prefix= is given twice")]
    [InlineData("path=/a/*,json=maybe", "json= must be true or false")]
    [InlineData("path=/a/*,case=lower", "case= must be one of upper|keep")]
    [InlineData("path=/a/*,type=file,to=/x", "conflicts with the -env flag")]
    [InlineData("path=/a/*,nonsense", "is not key=value")]
    [InlineData("path=/a/b c", "invalid parameter path")]
    public void ParseEnv_rejects_bad_rules_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => SsmRule.ParseEnv(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("path=/a/b", "to=FILE is required")]
    [InlineData("path=/a/*,to=/x", "a raw file holds one parameter")]
    [InlineData("path=/a/b,to=/x,prefix=P", "not raw files")]
    [InlineData("path=/a/b,to=/x,mode=0800", "octal")]
    [InlineData("path=/a/b,to=/x,mode=rw", "octal")]
    [InlineData("path=/a/b,to=/x,uid=-1", "non-negative number")]
    [InlineData("path=/a/b,to=/x,format=yaml", "raw|dotenv|json")]
    public void ParseFile_rejects_bad_rules_with_the_reason(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => SsmRule.ParseFile(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Rule_syntax_requires_a_type() =>
        Assert.Contains("type=env or type=file", Assert.Throws<FormatException>(() => SsmRule.Parse("path=/a/*")).Message, StringComparison.Ordinal);
}
