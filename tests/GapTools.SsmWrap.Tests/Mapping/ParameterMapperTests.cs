using GapTools.SsmWrap.Fetching;
using GapTools.SsmWrap.Mapping;
using GapTools.SsmWrap.Targets;

namespace GapTools.SsmWrap.Tests.Mapping;

public class ParameterMapperTests
{
    private readonly Dictionary<string, SsmParameter> _fetched = new(StringComparer.Ordinal);

    private ParameterMapperTests Put(string name, string value, string type = "String")
    {
        _fetched[name] = new SsmParameter(name, type, value);
        return this;
    }

    private IReadOnlyList<Export> Map(params string[] rules) => ParameterMapper.Map(rules.Select(SsmRule.Parse), _fetched);

    private Dictionary<string, string> Env(params string[] rules) =>
        Map(rules).Where(e => e.Target is EnvVarTarget).ToDictionary(e => ((EnvVarTarget)e.Target).Name, e => e.Value);

    private SsmWrapException Problem(params string[] rules) => Assert.Throws<SsmWrapException>(() => Map(rules));

    [Fact]
    public void Children_become_upper_case_variables()
    {
        Put("/app/db_host", "db.internal").Put("/app/db_port", "5432").Put("/app/nested/x", "no");

        Assert.Equal(new Dictionary<string, string> { ["DB_HOST"] = "db.internal", ["DB_PORT"] = "5432" }, Env("path=/app/*,type=env"));
    }

    [Fact]
    public void Two_parameters_for_one_name_is_an_error_naming_both()
    {
        Put("/app/a/host", "one").Put("/app/b/host", "two");

        var error = Problem("path=/app/**/*,type=env");

        Assert.Contains("environment variable HOST", error.Message, StringComparison.Ordinal);
        Assert.Contains("/app/a/host", error.Message, StringComparison.Ordinal);
        Assert.Contains("/app/b/host", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collisions_across_rules_are_errors_too()
    {
        Put("/a/token", "1").Put("/b/token", "2");

        Assert.Contains("/a/token and /b/token", Problem("path=/a/*,type=env", "path=/b/token,type=env").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_parameter_reached_by_two_rules_is_not_a_collision()
    {
        Put("/app/host", "h");

        Assert.Equal(["HOST"], Env("path=/app/*,type=env", "path=/app/host,type=env").Keys);
    }

    [Fact]
    public void A_missing_exact_parameter_is_an_error_naming_it_unless_optional()
    {
        var error = Problem("path=/app/missing,type=env", "path=/app/gone,type=env,optional=true", "path=/app/also-missing,type=file,to=/tmp/x");

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("/app/missing not found", error.Problems[0], StringComparison.Ordinal);
        Assert.Contains("/app/also-missing not found", error.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Env_to_names_the_parameter_exactly_and_bases_indexes_and_json_keys_on_it()
    {
        Put("/app/hosts", "a.example,b.example", SsmParameter.StringListType).Put("/app/conf", """{"log":{"level":"debug"}}""");

        Assert.Equal(
            new Dictionary<string, string> { ["Hosts_List"] = "a.example,b.example", ["Hosts_List_0"] = "a.example", ["Hosts_List_1"] = "b.example" },
            Env("path=/app/hosts,type=env,to=Hosts_List,stringlist=index"));
        Assert.Equal(new Dictionary<string, string> { ["CFG_LOG_LEVEL"] = "debug" }, Env("path=/app/conf,type=env,to=CFG,json=true"));
        Assert.Equal(new Dictionary<string, string> { ["Cfg__log__level"] = "debug" }, Env("path=/app/conf,type=env,to=Cfg,json=true,style=dotnet"));
    }

    [Fact]
    public void Env_to_on_several_parameters_is_an_error_naming_the_rule_and_no_value()
    {
        Put("/app/a", "value-a").Put("/app/b", "value-b").Put("/app/c", "value-c").Put("/app/d", "value-d");

        var error = Problem("path=/app/*,type=env,to=ONE");

        Assert.Equal("to=ONE names one variable, but the path selects 4 parameters (/app/a, /app/b, /app/c, ...): path=/app/*,type=env,to=ONE", Assert.Single(error.Problems));
        Assert.DoesNotContain("value-", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Env_to_collides_like_any_other_name()
    {
        Put("/app/host", "h").Put("/other/name", "n");

        Assert.Contains("environment variable HOST: /app/host and /other/name both map to it", Problem("path=/app/*,type=env", "path=/other/name,type=env,to=HOST").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_path_is_not_an_error() => Assert.Empty(Env("path=/nothing/*,type=env"));

    [Fact]
    public void StringList_is_joined_and_optionally_indexed()
    {
        Put("/app/hosts", "a.example,b.example,c.example", SsmParameter.StringListType).Put("/app/plain", "x,y");

        Assert.Equal(new Dictionary<string, string> { ["HOSTS"] = "a.example,b.example,c.example", ["PLAIN"] = "x,y" }, Env("path=/app/*,type=env"));
        Assert.Equal(
            new Dictionary<string, string> { ["HOSTS"] = "a.example,b.example,c.example", ["HOSTS_0"] = "a.example", ["HOSTS_1"] = "b.example", ["HOSTS_2"] = "c.example", ["PLAIN"] = "x,y" },
            Env("path=/app/*,type=env,stringlist=index"));
        Assert.Equal("b.example", Env("path=/app/*,type=env,stringlist=index,style=dotnet")["hosts__1"]);
    }

    [Fact]
    public void Json_objects_expand_to_one_variable_per_leaf()
    {
        Put("/app/db", """{"user":"app","password":"s3cret","port":5432,"tls":true,"replicas":["r1","r2"],"extra":{"a-b":null}}""");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["DB_USER"] = "app", ["DB_PASSWORD"] = "s3cret", ["DB_PORT"] = "5432", ["DB_TLS"] = "true",
                ["DB_REPLICAS_0"] = "r1", ["DB_REPLICAS_1"] = "r2", ["DB_EXTRA_A-B"] = "",
            },
            Env("path=/app/db,type=env,json=true"));
        Assert.Equal("", Env("path=/app/db,type=env,json=true,sanitize=true")["DB_EXTRA_A_B"]);
        Assert.Equal("s3cret", Env("path=/app/db,type=env,json=true,style=dotnet")["db__password"]);
    }

    [Theory]
    [InlineData("not json at all: hunter2")]
    [InlineData("[\"hunter2\"]")]
    [InlineData("\"hunter2\"")]
    public void Json_true_on_a_value_that_is_not_an_object_names_the_parameter_not_the_value(string value)
    {
        Put("/app/token", value);

        var error = Problem("path=/app/token,type=env,json=true");

        Assert.Contains("/app/token: json=true but its value is not a JSON object", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_manager_references_map_by_their_last_segment()
    {
        Put("/aws/reference/secretsmanager/prod/db-creds", """{"username":"u","password":"p"}""", "SecureString");

        Assert.Equal(
            new Dictionary<string, string> { ["DB-CREDS_USERNAME"] = "u", ["DB-CREDS_PASSWORD"] = "p" },
            Env("path=/aws/reference/secretsmanager/prod/db-creds,type=env,json=true"));
        Assert.Equal(
            new Dictionary<string, string> { ["DB_CREDS_USERNAME"] = "u", ["DB_CREDS_PASSWORD"] = "p" },
            Env("path=/aws/reference/secretsmanager/prod/db-creds,type=env,json=true,sanitize=true"));
    }

    [Fact]
    public void Path_rules_never_take_secret_references_fetched_for_another_rule()
    {
        Put("/aws/reference/secretsmanager/db", "secret").Put("/app/x", "1");

        Assert.Equal(["X"], Env("path=/**/*,type=env").Keys);
    }

    [Fact]
    public void A_raw_file_gets_the_value_with_its_mode_and_owner()
    {
        Put("/app/tls/key", "-----BEGIN KEY-----");

        var export = Assert.Single(Map("path=/app/tls/key,type=file,to=/run/key.pem,mode=0640,uid=10,gid=20"));

        Assert.Equal(new FileTarget("/run/key.pem", (UnixFileMode)Convert.ToInt32("640", 8), 10, 20), export.Target);
        Assert.Equal("-----BEGIN KEY-----", export.Value);
    }

    [Fact]
    public void A_dotenv_file_holds_a_whole_path_named_like_env_rules()
    {
        Put("/app/b", "it's").Put("/app/a", "x");

        var export = Assert.Single(Map("path=/app/*,type=file,to=/run/app.env,format=dotenv,prefix=APP_"));

        Assert.Equal("APP_A='x'\nAPP_B='it'\\''s'\n", export.Value);
        Assert.Equal("/app/*", export.Source);
    }

    [Fact]
    public void A_dotenv_file_refuses_a_name_sh_cannot_read_unless_sanitize_is_on()
    {
        Put("/app/db.host", "h").Put("/app/ok", "x");

        Assert.Contains(
            "variable DB.HOST in /run/app.env (from /app/db.host) is not a shell name, which a dotenv file needs: add sanitize=true to the rule",
            Problem("path=/app/*,type=file,to=/run/app.env,format=dotenv").Message,
            StringComparison.Ordinal);
        Assert.Equal("DB_HOST='h'\nOK='x'\n", Assert.Single(Map("path=/app/*,type=file,to=/run/app.env,format=dotenv,sanitize=true")).Value);
    }

    [Fact]
    public void A_json_file_holds_a_flat_object()
    {
        Put("/app/Db/Host", "h").Put("/app/Db/Port", "1");

        var export = Assert.Single(Map("path=/app/**/*,type=file,to=/run/app.json,format=json,style=dotnet"));

        Assert.Equal("{\n  \"Db__Host\": \"h\",\n  \"Db__Port\": \"1\"\n}\n", export.Value);
    }

    [Fact]
    public void Collisions_inside_one_file_and_two_rules_writing_one_file_are_errors()
    {
        Put("/a/x/key", "1").Put("/a/y/key", "2").Put("/b/one", "1").Put("/b/two", "2");

        Assert.Contains("variable KEY in /run/a.env: /a/x/key and /a/y/key", Problem("path=/a/**/*,type=file,to=/run/a.env,format=dotenv").Message, StringComparison.Ordinal);
        Assert.Contains("file /run/same: /b/one and /b/two", Problem("path=/b/one,type=file,to=/run/same", "path=/b/two,type=file,to=/run/same").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_descriptions_mask_values()
    {
        Put("/app/password", "hunter2").Put("/app/key", "k3y");

        var described = string.Join('\n', Map("path=/app/password,type=env", "path=/app/key,type=file,to=/run/k").Select(e => e.ToString()));

        Assert.Contains("PASSWORD=**** <- /app/password", described, StringComparison.Ordinal);
        Assert.Contains("/run/k (mode 0600, content masked) <- /app/key", described, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", described, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y", described, StringComparison.Ordinal);
    }
}
