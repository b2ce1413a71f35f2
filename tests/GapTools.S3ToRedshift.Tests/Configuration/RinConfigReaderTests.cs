using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Configuration.Rin;
using Microsoft.Extensions.Configuration;

namespace GapTools.S3ToRedshift.Tests.Configuration;

public sealed class RinConfigReaderTests
{
    // Rin's README example, with its env templates.
    internal const string RinExample = """
        queue_name: my_queue_name
        credentials:
          aws_access_key_id: '{{ must_env "RIN_KEY_ID" }}'
          aws_secret_access_key: '{{ must_env "RIN_SECRET" }}'
          aws_region: ap-northeast-1
        redshift:
          host: localhost
          port: 5439
          dbname: test
          user: test_user
          password: '{{ env "REDSHIFT_PASSWORD" "fallback" }}'
          schema: public
        s3:
          bucket: test.bucket.test
          region: ap-northeast-1
        sql_option: "JSON 'auto' GZIP"
        targets:
          - s3:
              key_prefix: test/foo/bar
            redshift:
              table: foo
          - s3:
              bucket: test.bucket.test
              key_regexp: test/schema-(\w+)/table-(\w+)/
            redshift:
              schema: $1
              table: $2
          - s3:
              key_regexp: test/(?P<name>\w+)/
            redshift:
              table: ${name}
            sql_option: "CSV DELIMITER ',' IGNOREHEADER 1"
            break: true
          - s3:
              key_prefix: logs/
            discard: true
        """;

    private static readonly Dictionary<string, string> Env = new() { ["RIN_KEY_ID"] = "AKIDRIN", ["RIN_SECRET"] = "rin-secret-value" };

    internal static S3ToRedshiftOptions Bind(string yaml, IDictionary<string, string?>? overrides = null, Func<string, string?>? env = null) =>
        Configuration(yaml, overrides, env).GetSection(S3ToRedshiftDefaults.SectionName).Get<S3ToRedshiftOptions>()!;

    internal static IConfiguration Configuration(string yaml, IDictionary<string, string?>? overrides = null, Func<string, string?>? env = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rin-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            var configuration = new ConfigurationBuilder()
                .Add(new RinYamlConfigurationSource { Path = path, Environment = env ?? (n => Env.GetValueOrDefault(n)) })
                .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
                .Build();
            return configuration;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Rins_example_maps_to_options_that_validate()
    {
        var options = Bind(RinExample);
        var configuration = Configuration(RinExample);
        Assert.Equal("my_queue_name", options.Sqs.Queue);
        Assert.Equal(("AKIDRIN", "rin-secret-value", "ap-northeast-1"), (configuration["S3ToRedshift:AWS:AccessKeyId"], configuration["S3ToRedshift:AWS:SecretAccessKey"], configuration["S3ToRedshift:AWS:Region"]));
        Assert.Equal(CopyAuthorization.WorkerCredentials, options.Copy.Authorization);
        Assert.Equal(("localhost", 5439, "test", "test_user", "fallback"), (options.Redshift.Host, options.Redshift.Port, options.Redshift.Database, options.Redshift.User, options.Redshift.Password));
        Assert.Equal(RedshiftTransport.Wire, options.Redshift.Transport);
        Assert.Equal(("JSON 'auto' GZIP", "ap-northeast-1"), (options.Copy.Parameters, options.Copy.Region));
        Assert.Equal(4, options.Targets.Count);
        Assert.Equal(new TargetOptions { Bucket = "test.bucket.test", KeyPrefix = "test/foo/bar", Schema = "public", Table = "foo" }, options.Targets[0]);
        Assert.Equal(new TargetOptions { Bucket = "test.bucket.test", KeyRegex = @"test/schema-(\w+)/table-(\w+)/", Schema = "$1", Table = "$2" }, options.Targets[1]);
        Assert.True(options.Targets[2].Break);
        Assert.Equal("CSV DELIMITER ',' IGNOREHEADER 1", options.Targets[2].CopyParameters);
        Assert.True(options.Targets[3].Discard);

        Assert.Empty(S3ToRedshiftOptionsRules.Validate(options));
        Assert.Equal(1, options.Batch.EffectiveMaxObjects(options.Manifest.Prefix is not null));
        var rules = S3ToRedshiftOptionsRules.BuildRules(options);
        Assert.Equal(
            [
                "s3://test.bucket.test/test/foo/bar => redshift://test_user:****@localhost:5439/test/public.foo",
                @"s3://test.bucket.test/test/schema-(\w+)/table-(\w+)/ => redshift://test_user:****@localhost:5439/test/$1.$2",
                @"s3://test.bucket.test/test/(?<name>\w+)/ => redshift://test_user:****@localhost:5439/test/public.${name} (break)",
                "s3://test.bucket.test/logs/ => (discard)",
            ],
            rules.Select(r => r.ToString()));
        var routed = new S3ToRedshift.Routing.Router(rules).Route("test.bucket.test", "test/schema-sales/table-orders/1.json");
        Assert.Equal(["sales.orders"], routed.Loads.Select(l => l.Table.ToString()));
        var named = new S3ToRedshift.Routing.Router(rules).Route("test.bucket.test", "test/foo/bar/1.json");
        Assert.Equal(["public.foo"], named.Loads.Select(l => l.Table.ToString()));
    }

    [Fact]
    public void Later_sources_override_the_yaml()
    {
        var options = Bind(RinExample, new Dictionary<string, string?>
        {
            ["S3ToRedshift:Manifest:Prefix"] = "s3://manifests/rin/",
            ["S3ToRedshift:Copy:Authorization"] = "IamRole",
            ["S3ToRedshift:Copy:IamRole"] = "arn:aws:iam::1:role/r",
        });
        Assert.Equal(1_000, options.Batch.EffectiveMaxObjects(options.Manifest.Prefix is not null));
        Assert.Equal(CopyAuthorization.IamRole, options.Copy.Authorization);
        Assert.Empty(S3ToRedshiftOptionsRules.Validate(options));
    }

    [Fact]
    public void Unknown_keys_and_bad_values_are_all_reported_with_lines_and_no_values()
    {
        const string yaml = """
            queue_name: q
            queue_nmae: typo
            credentials:
              aws_secret_acess_key: SECRET-VALUE
            redshift:
              host: h
              port: five
              driver: mysql
            targets:
              - s3:
                  key_prefx: a/
                redshift:
                  table: t
                  host: other-host
                break: maybe
              - nope
            """;
        var e = Assert.Throws<RinConfigException>(() => Bind(yaml));
        Assert.Contains("line 2: queue_nmae: unknown key", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 4: credentials.aws_secret_acess_key: unknown key", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 7: redshift.port: must be a whole number", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 8: redshift.driver: must be postgres or redshift-data", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 11: targets[0].s3.key_prefx: unknown key", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 14: targets[0].redshift.host: a different database per target is not supported", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 15: targets[0].break: must be true or false", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 16: targets[1]: must be a mapping", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-VALUE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_must_env_and_unsupported_templates_are_errors()
    {
        var e = Assert.Throws<RinConfigException>(() => Bind(RinExample.Replace("port: 5439", "port: {{ file \"x\" }}", StringComparison.Ordinal), env: _ => null));
        TestContext.Current.TestOutputHelper?.WriteLine(e.Message);
        Assert.Contains("line 3: environment variable RIN_KEY_ID is not set (must_env)", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 8: unsupported template '{{file \"x\"}}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_api_driver_and_yaml_syntax_errors()
    {
        Assert.Equal(RedshiftTransport.DataApi, Bind(RinExample.Replace("  schema: public", "  schema: public\n  driver: redshift-data", StringComparison.Ordinal)).Redshift.Transport);
        var e = Assert.Throws<RinConfigException>(() => Bind("targets: [\n"));
        Assert.Contains("not valid YAML", e.Message, StringComparison.Ordinal);
    }
}
