using GapTools.S3ToRedshift.Configuration;
using GapTools.S3ToRedshift.Configuration.Rin;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;
using Microsoft.Extensions.Configuration;

namespace GapTools.S3ToRedshift.Tests.Configuration;

public sealed class RinConfigReaderTests
{
    // A config in Rin's README style, with every template form.
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

    private static readonly Dictionary<string, string> Env = new()
    {
        ["RIN_KEY_ID"] = "AKIDRIN",
        ["RIN_SECRET"] = "rin-secret-value",
        ["AWS_SECRET_ACCESS_KEY"] = "SSS",
        ["REDSHIFT_PASSWORD"] = "pw",
    };

    internal static S3ToRedshiftOptions Bind(string yaml, IDictionary<string, string?>? overrides = null, Func<string, string?>? env = null) =>
        Configuration(yaml, overrides, env).GetSection(S3ToRedshiftDefaults.SectionName).Get<S3ToRedshiftOptions>()!;

    internal static IConfiguration Configuration(string yaml, IDictionary<string, string?>? overrides = null, Func<string, string?>? env = null)
    {
        var directory = Directory.CreateTempSubdirectory("rin-");
        var path = Path.Combine(directory.FullName, "config.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            return new ConfigurationBuilder()
                .Add(new RinYamlConfigurationSource { Path = path, Environment = env ?? (n => Env.GetValueOrDefault(n)) })
                .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
                .Build();
        }
        catch (RinConfigException e)
        {
            // Messages name the file as config.yaml:LINE, whatever directory it is in.
            throw new RinConfigException("config.yaml", e.Errors.Select(m => m.Replace(path, "config.yaml", StringComparison.Ordinal)).ToList());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static IReadOnlyList<string> Errors(string yaml, Func<string, string?>? env = null) =>
        Assert.Throws<RinConfigException>(() => Bind(yaml, env: env)).Errors;

    [Fact]
    public void A_readme_style_config_maps_to_options_that_validate()
    {
        var options = Bind(RinExample);
        var configuration = Configuration(RinExample);
        Assert.Equal("my_queue_name", options.Sqs.Queue);
        Assert.Equal(("AKIDRIN", "rin-secret-value", "ap-northeast-1"), (configuration["S3ToRedshift:AWS:AccessKeyId"], configuration["S3ToRedshift:AWS:SecretAccessKey"], configuration["S3ToRedshift:AWS:Region"]));
        Assert.Equal(CopyAuthorization.WorkerCredentials, options.Copy.Authorization);
        Assert.Equal(("localhost", 5439, "test", "test_user", "pw"), (options.Redshift.Host, options.Redshift.Port, options.Redshift.Database, options.Redshift.User, options.Redshift.Password));
        Assert.Equal(RedshiftTransport.Wire, options.Redshift.Transport);
        Assert.False(options.Redshift.IamAuthentication);
        Assert.Null(options.Redshift.ClusterIdentifier);
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
        Assert.Equal(["sales.orders"], new Router(rules).Route("test.bucket.test", "test/schema-sales/table-orders/1.json").Loads.Select(l => l.Table.ToString()));
        Assert.Equal(["public.foo"], new Router(rules).Route("test.bucket.test", "test/foo/bar/1.json").Loads.Select(l => l.Table.ToString()));
    }

    [Fact]
    public void Rins_readme_example_as_printed_is_not_yaml_and_the_error_names_its_line()
    {
        // go-yaml v2 refuses it too ("did not find expected key"): the second target sits at column 0.
        var error = Assert.Single(Errors(RinExamples.Readme));
        Assert.StartsWith("config.yaml:27: not valid YAML", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rins_readme_example_indented_is_refused_only_for_its_second_database_in_one_message()
    {
        var error = Assert.Single(Errors(RinExamples.ReadmeIndented));
        Assert.Equal(
            "config.yaml:46: targets[4].redshift: host, dbname, user, password differ from redshift: a different database per target is not supported (Rin connects each target on its own); run one s3-to-redshift per database, each with its own config",
            error);
    }

    [Fact]
    public void Rins_readme_example_with_one_database_is_accepted_unchanged_reconnect_on_error_included()
    {
        var options = Bind(RinExamples.ReadmeOneDatabase);

        Assert.Empty(S3ToRedshiftOptionsRules.Validate(options));
        Assert.Equal(("my_queue_name", "localhost", 5439, "test", "test_user", "pw"), (options.Sqs.Queue, options.Redshift.Host, options.Redshift.Port, options.Redshift.Database, options.Redshift.User, options.Redshift.Password));
        Assert.Equal(CopyAuthorization.WorkerCredentials, options.Copy.Authorization);
        var rules = new Router(S3ToRedshiftOptionsRules.BuildRules(options));
        Assert.Equal(
            [
                "s3://test.bucket.test/test/foo/ignore => (discard)",
                "s3://test.bucket.test/test/foo => redshift://test_user:****@localhost:5439/test/public.foo",
                "s3://test.bucket.test/test/bar => redshift://test_user:****@localhost:5439/test/xxx.bar (break)",
                "s3://test.bucket.test/test/schema-([a-z]+)/table-([a-z]+)/ => redshift://test_user:****@localhost:5439/test/$1.$2",
            ],
            rules.Rules.Select(r => r.ToString()));

        // Discard matches first and stops there, as in Rin ("Do not import and do not try following targets").
        var ignored = rules.Route("test.bucket.test", "test/foo/ignore/1.json");
        Assert.Empty(ignored.Loads);
        Assert.Single(ignored.Discarded);
        Assert.Equal(["sales.orders"], rules.Route("test.bucket.test", "test/schema-sales/table-orders/1.json").Loads.Select(l => l.Table.ToString()));
    }

    public static TheoryData<string, string, string> RinExpectedCopies => new()
    {
        // Rin's config_test.go: bucket, key, the COPY Rin builds (without its "/* Rin */ " prefix); "" for discard.
        { "test.bucket.test", "test/foo/xxx.json", "COPY \"foo\" FROM 's3://test.bucket.test/test/foo/xxx.json' CREDENTIALS 'aws_access_key_id=AAA;aws_secret_access_key=SSS' REGION 'ap-northeast-1' JSON 'auto' GZIP" },
        { "test.bucket.test", "test/foo/discard/xxx.json", "" },
        { "test.bucket.test", "test/bar/break", "COPY \"xxx\".\"bar_break\" FROM 's3://test.bucket.test/test/bar/break' CREDENTIALS 'aws_access_key_id=AAA;aws_secret_access_key=SSS' REGION 'ap-northeast-1' CSV DELIMITER ',' ESCAPE" },
        { "test.bucket.test", "test/bar/y's.csv", "COPY \"xxx\".\"bar\" FROM 's3://test.bucket.test/test/bar/y''s.csv' CREDENTIALS 'aws_access_key_id=AAA;aws_secret_access_key=SSS' REGION 'ap-northeast-1' CSV DELIMITER ',' ESCAPE" },
        { "example.bucket", "test/s1/t256/aaa.json", "COPY \"s1\".\"t256\" FROM 's3://example.bucket/test/s1/t256/aaa.json' CREDENTIALS 'aws_access_key_id=AAA;aws_secret_access_key=SSS' REGION 'ap-northeast-1' JSON 'auto' GZIP" },
    };

    [Theory]
    [MemberData(nameof(RinExpectedCopies))]
    public void Rins_test_config_routes_each_key_to_the_copy_rin_builds(string bucket, string key, string expected)
    {
        var options = Bind(RinExamples.TestConfig);
        Assert.Empty(S3ToRedshiftOptionsRules.Validate(options));
        Assert.Equal(("AAA", CopyAuthorization.WorkerCredentials), (Configuration(RinExamples.TestConfig)["S3ToRedshift:AWS:AccessKeyId"], options.Copy.Authorization));

        var copies = Copies(options, bucket, key, CopyCredentials.AccessKey("AAA", "SSS", null));

        Assert.Equal(expected, copies.LastOrDefault() ?? "");
    }

    [Theory]
    [MemberData(nameof(RinExpectedCopies))]
    public void Rins_iam_role_and_redshift_data_configs_route_the_same_keys_with_iam_role(string bucket, string key, string expected)
    {
        foreach (var yaml in new[] { RinExamples.TestConfigIamRole, RinExamples.TestConfigRedshiftData })
        {
            var options = Bind(yaml);
            Assert.Empty(S3ToRedshiftOptionsRules.Validate(options));
            Assert.Equal((CopyAuthorization.IamRole, "arn:aws:iam::123456789012:role/rin"), (options.Copy.Authorization, options.Copy.IamRole));

            var copies = Copies(options, bucket, key, CopyCredentials.IamRole(options.Copy.IamRole!));

            // Rin writes CREDENTIALS 'aws_iam_role=ARN'; GapTools writes the equivalent IAM_ROLE 'ARN'.
            Assert.Equal(
                expected.Replace("CREDENTIALS 'aws_access_key_id=AAA;aws_secret_access_key=SSS'", "IAM_ROLE 'arn:aws:iam::123456789012:role/rin'", StringComparison.Ordinal),
                copies.LastOrDefault() ?? "");
        }

        var data = Bind(RinExamples.TestConfigRedshiftData).Redshift;
        Assert.Equal((RedshiftTransport.DataApi, "mycluster", "test_user", "test", (string?)null, (string?)null), (data.Transport, data.ClusterIdentifier, data.User, data.Database, data.Host, data.Password));
        Assert.Equal("redshift-data://test_user@mycluster/test", data.Describe());
    }

    [Fact]
    public void Serverless_workgroup_maps_to_the_data_api_without_user_host_or_password()
    {
        var options = Bind(RinExamples.TestConfigRedshiftData.Replace("  cluster: mycluster\n", "  workgroup: my-wg\n  host: ignored\n  password: ignored\n", StringComparison.Ordinal));

        Assert.Equal((RedshiftTransport.DataApi, "my-wg", (string?)null, (string?)null), (options.Redshift.Transport, options.Redshift.WorkgroupName, options.Redshift.ClusterIdentifier, options.Redshift.User));
        Assert.Null(options.Redshift.Password);
        Assert.Empty(S3ToRedshiftOptionsRules.Validate(options));

        // A workgroup wins over a cluster (Rin's DSN), and the Data API needs one of them.
        Assert.Equal("my-wg", Bind(RinExamples.TestConfigRedshiftData.Replace("  cluster: mycluster\n", "  cluster: mycluster\n  workgroup: my-wg\n", StringComparison.Ordinal)).Redshift.WorkgroupName);
        Assert.Equal(
            "config.yaml:14: redshift.cluster or redshift.workgroup: one is required with driver redshift-data (GapTools: Redshift:ClusterIdentifier or Redshift:WorkgroupName)",
            Assert.Single(Errors(RinExamples.TestConfigRedshiftData.Replace("  cluster: mycluster\n", "", StringComparison.Ordinal))));
        Assert.Equal(
            "config.yaml:15: redshift.user: is required with redshift.cluster (the Data API's DbUser; GapTools: Redshift:User, or Redshift:SecretArn under gaptools:)",
            Assert.Single(Errors(RinExamples.TestConfigRedshiftData.Replace("  user: test_user\n", "", StringComparison.Ordinal))));
        var secret = Bind(RinExamples.TestConfigRedshiftData.Replace("  user: test_user\n", "", StringComparison.Ordinal) + "\ngaptools:\n  Redshift:SecretArn: arn:aws:secretsmanager:us-east-1:1:secret:x\n");
        Assert.Equal(("mycluster", "arn:aws:secretsmanager:us-east-1:1:secret:x"), (secret.Redshift.ClusterIdentifier, secret.Redshift.SecretArn));
    }

    [Fact]
    public void An_empty_password_means_get_cluster_credentials_for_the_hosts_cluster_as_in_rin()
    {
        var yaml = RinExamples.TestConfig.Replace("  host: localhost\n", "  host: analytics.abc123.us-east-1.redshift.amazonaws.com\n", StringComparison.Ordinal)
            .Replace("  password: test_pass\n", "  password: '{{ env \"UNSET_PASSWORD\" }}'\n", StringComparison.Ordinal);

        var redshift = Bind(yaml).Redshift;

        Assert.Equal((true, "analytics", "test_user", (string?)null), (redshift.IamAuthentication, redshift.ClusterIdentifier, redshift.User, redshift.Password));
        Assert.Empty(S3ToRedshiftOptionsRules.Validate(Bind(yaml)));
    }

    [Fact]
    public void The_gaptools_mapping_gives_the_wire_transport_its_cluster_and_any_other_key()
    {
        var yaml = RinExamples.TestConfig + """

            gaptools:
              Redshift:
                ClusterIdentifier: analytics
              Manifest:Prefix: s3://manifests/rin/
              Targets:
                - Region: eu-west-1
            """;

        var options = Bind(yaml);

        Assert.Equal(("analytics", true, "test_pass"), (options.Redshift.ClusterIdentifier, options.Redshift.PauseDuringMaintenance, options.Redshift.Password));
        Assert.False(options.Redshift.IamAuthentication);
        Assert.Equal("s3://manifests/rin/", options.Manifest.Prefix);
        Assert.Equal(("eu-west-1", "test/foo/discard"), (options.Targets[0].Region, options.Targets[0].KeyPrefix));
        Assert.Empty(S3ToRedshiftOptionsRules.Validate(options));

        Assert.Equal(
            "config.yaml:55: gaptools.Redshfit:ClusterIdentifier: unknown S3ToRedshift key (expected one of AWS, Batch, Copy, FailedMessageDelay, LoadLog, Manifest, Redshift, Retry, SinkOutage, Sqs, Targets, UnmatchedEvents)",
            Assert.Single(Errors(RinExamples.TestConfig + "\ngaptools:\n  Redshfit:ClusterIdentifier: analytics\n")));
    }

    [Fact]
    public void Rin_merges_that_would_silently_drop_a_matcher_are_refused_naming_both_lines()
    {
        const string yaml = """
            queue_name: q
            redshift: { host: h, dbname: d, user: u, password: p }
            s3:
              bucket: b
              key_prefix: global/
            targets:
              - s3:
                  key_regexp: (\w+)/
                redshift:
                  table: $1
            """;
        Assert.Equal(
            "config.yaml:8: targets[0].s3.key_regexp: Rin ignores it for targets[0] because s3.key_prefix (line 5) applies too and wins; keep only one (GapTools: Targets:0:KeyPrefix or Targets:0:KeyRegex)",
            Assert.Single(Errors(yaml)));

        var none = Errors(yaml.Replace("  key_prefix: global/\n", "", StringComparison.Ordinal).Replace("      key_regexp: (\\w+)/\n", "      bucket: b\n", StringComparison.Ordinal));
        Assert.Equal("config.yaml:6: targets[0].s3: key_prefix or key_regexp is required, here or in s3 (Rin: target.key_prefix or key_regexp is not defined)", Assert.Single(none));
    }

    [Fact]
    public void Route_problems_name_the_rin_key_its_line_and_the_gaptools_key()
    {
        const string yaml = """
            queue_name: q
            redshift: { host: h, dbname: d, user: u, password: p }
            sql_option: "JSON 'auto' REGION 'us-east-1'"
            targets:
              - s3:
                  key_regexp: logs/(\w+/
                redshift:
                  table: t
              - s3:
                  bucket: b
                  key_regexp: logs/(\w+)/
                redshift:
                  table: $2
                sql_option: "CSV; DROP TABLE t"
              - s3:
                  bucket: b
                  key_prefix: x/
            """;

        var errors = Errors(yaml);

        Assert.Contains("config.yaml:3: sql_option: must not contain REGION, which the worker writes itself (set Copy:IamRole / Copy:Authorization / Region instead)", errors);
        Assert.Contains("config.yaml:5: targets[0].s3.bucket: is required (GapTools: Targets:0:Bucket)", errors);
        Assert.Contains(errors, e => e.StartsWith("config.yaml:6: targets[0].s3.key_regexp: does not compile:", StringComparison.Ordinal) && e.EndsWith("(GapTools: Targets:0:KeyRegex)", StringComparison.Ordinal));
        Assert.Contains("config.yaml:13: targets[1].redshift.table: '$2' refers to ${2}, which KeyRegex does not define (GapTools: Targets:1:Table)", errors);
        Assert.Contains("config.yaml:14: targets[1].sql_option: must not contain ';' (one statement only)", errors);
        Assert.Contains("config.yaml:15: targets[2].redshift.table: is required (unless Discard is set) (GapTools: Targets:2:Table)", errors);
        Assert.Equal(6, errors.Count);
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
    public void Unknown_keys_and_bad_values_are_all_reported_with_file_lines_and_no_values()
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
              reconnect_on_error: sometimes
            targets:
              - s3:
                  key_prefx: a/
                redshift:
                  table: t
                  host: other-host
                break: maybe
              - nope
            """;
        var errors = Errors(yaml);
        Assert.Contains("config.yaml:2: queue_nmae: unknown key (expected one of queue_name, credentials, redshift, s3, sql_option, targets, gaptools)", errors);
        Assert.Contains(errors, e => e.StartsWith("config.yaml:4: credentials.aws_secret_acess_key: unknown key", StringComparison.Ordinal));
        Assert.Contains("config.yaml:8: redshift.driver: must be postgres or redshift-data (as in Rin)", errors);
        Assert.Contains("config.yaml:9: redshift.reconnect_on_error: must be true or false", errors);
        Assert.Contains(errors, e => e.StartsWith("config.yaml:12: targets[0].s3.key_prefx: unknown key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("config.yaml:15: targets[0].redshift: host differ from redshift: a different database per target is not supported", StringComparison.Ordinal));
        Assert.Contains("config.yaml:16: targets[0].break: must be true or false", errors);
        Assert.Contains(errors, e => e.StartsWith("config.yaml:17: targets[1]: must be a mapping", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("SECRET-VALUE", StringComparison.Ordinal));

        // The port is checked with the postgres driver, the only one that uses it.
        Assert.Contains("config.yaml:7: redshift.port: must be a whole number", Errors(yaml.Replace("  driver: mysql\n", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Templates_follow_go_config_missing_must_env_and_unsupported_functions_are_errors()
    {
        var errors = Errors(RinExample.Replace("port: 5439", "port: {{ file \"x\" }}", StringComparison.Ordinal), env: _ => null);
        Assert.Contains("config.yaml:3: environment variable RIN_KEY_ID is not set (must_env)", errors);
        Assert.Contains("config.yaml:8: unsupported template '{{file \"x\"}}' (only env and must_env are supported)", errors);

        // go-config's env: an empty variable is unset, so the default applies; must_env accepts an empty value.
        var env = new Dictionary<string, string?> { ["RIN_KEY_ID"] = "", ["RIN_SECRET"] = "s", ["REDSHIFT_PASSWORD"] = "" };
        var options = Bind(RinExample, env: n => env.GetValueOrDefault(n));
        Assert.Equal("fallback", options.Redshift.Password);
    }

    [Fact]
    public void Yaml_syntax_errors_name_the_file_and_line()
    {
        var error = Assert.Single(Errors("queue_name: q\ntargets: [\n"));
        Assert.StartsWith("config.yaml:", error, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", error, StringComparison.Ordinal);
    }

    // The COPY statements the routed object gets, as direct (per-object) COPYs with the given credentials.
    private static List<string> Copies(S3ToRedshiftOptions options, string bucket, string key, CopyCredentials credentials) =>
        new Router(S3ToRedshiftOptionsRules.BuildRules(options)).Route(bucket, key).Loads
            .Select(l => new CopyCommand(l.Table, $"s3://{bucket}/{key}", false, credentials, l.Rule.Region, l.Rule.CopyParameters).ToSql())
            .ToList();
}
