namespace GapTools.S3ToRedshift.Tests.Configuration;

/// <summary>
/// Rin v1.3.2's own configurations, kept byte for byte as the compatibility tests' input: the README's
/// <c>config.yaml</c> example and the repository's <c>test/config.yml</c>, <c>test/config.iam_role.yml</c> and
/// <c>test/config.redshift-data.yml</c> (fujiwara/Rin, MIT licence).
/// </summary>
internal static class RinExamples
{
    /// <summary>The README's example as printed. Its second target starts at column 0, which no YAML parser (go-yaml included) reads as a list item.</summary>
    public const string Readme = """
queue_name: my_queue_name    # SQS queue name

credentials:
  aws_region: ap-northeast-1

redshift:
  host: localhost
  port: 5439
  dbname: test
  user: test_user
  password: '{{ must_env "REDSHIFT_PASSWORD" }}'
  schema: public
  reconnect_on_error: true # disconnect Redshift on error occurred

s3:
  bucket: test.bucket.test
  region: ap-northeast-1

sql_option: "JSON 'auto' GZIP"       # COPY SQL option

# define import target mappings
targets:
  - s3:
      key_prefix: test/foo/ignore
    discard: true  # Do not import and do not try following targets. Matches only.

- redshift:
      table: foo
    s3:
      key_prefix: test/foo

  - redshift:
      schema: xxx
      table: bar
    s3:
      key_prefix: test/bar
    break: true       # Do not try following targets.

  - redshift:
      schema: $1      # expand by key_regexp captured value.
      table: $2
    s3:
      key_regexp: test/schema-([a-z]+)/table-([a-z]+)/

  - redshift:
      host: redshift.example.com       # override default section in this target
      port: 5439
      dbname: example
      user: example_user
      password: example_pass
      schema: public
      table: example
    s3:
      bucket: redshift.example.com
      region: ap-northeast-1
      key_prefix: logs/example/
    sql_option: "CSV DELIMITER ',' ESCAPE"
""";

    /// <summary><see cref="Readme"/> with the one-character indentation slip fixed: what Rin users actually run.</summary>
    public static readonly string ReadmeIndented = Readme.Replace("\n- redshift:\n      table: foo", "\n  - redshift:\n      table: foo", StringComparison.Ordinal);

    /// <summary><see cref="ReadmeIndented"/> without its last target, the one that names a second database.</summary>
    public static readonly string ReadmeOneDatabase = ReadmeIndented[..ReadmeIndented.IndexOf("\n  - redshift:\n      host: redshift.example.com", StringComparison.Ordinal)] + "\n";

    /// <summary>Rin's test/config.yml (static keys, the secret from must_env "AWS_SECRET_ACCESS_KEY").</summary>
    public const string TestConfig = """
queue_name: rin_test

credentials:
  aws_access_key_id: AAA
  aws_secret_access_key: '{{ must_env "AWS_SECRET_ACCESS_KEY" }}'
  aws_region: ap-northeast-1

s3:
  bucket: test.bucket.test
  region: ap-northeast-1

sql_option: "JSON 'auto' GZIP"

redshift:
  host: localhost
  port: 5432
  dbname: test
  user: test_user
  password: test_pass
  reconnect_on_error: true

targets:
  - s3:
      key_prefix: test/foo/discard
    discard: true

  - redshift:
      table: foo
    s3:
      key_prefix: test/foo

  - redshift:
      schema: xxx
      table: bar_break
    s3:
      key_prefix: test/bar/break
    sql_option: "CSV DELIMITER ',' ESCAPE"
    break: true

  - redshift:
      schema: xxx
      table: bar
    s3:
      key_prefix: test/bar
    sql_option: "CSV DELIMITER ',' ESCAPE"
    break: true

  - redshift:
      schema: $1
      table: $2
    s3:
      bucket: example.bucket
      key_regexp: test/(s[0-9]+)/(t[0-9]+)/
""";

    /// <summary>Rin's test/config.iam_role.yml.</summary>
    public const string TestConfigIamRole = """
queue_name: rin_test

credentials:
  aws_region: ap-northeast-1
  aws_iam_role: "arn:aws:iam::123456789012:role/rin"

s3:
  bucket: test.bucket.test
  region: ap-northeast-1

sql_option: "JSON 'auto' GZIP"

redshift:
  host: localhost
  port: 5432
  dbname: test
  user: test_user
  password: test_pass
  reconnect_on_error: true

targets:
  - s3:
      key_prefix: test/foo/discard
    discard: true

  - redshift:
      table: foo
    s3:
      key_prefix: test/foo

  - redshift:
      schema: xxx
      table: bar_break
    s3:
      key_prefix: test/bar/break
    sql_option: "CSV DELIMITER ',' ESCAPE"
    break: true

  - redshift:
      schema: xxx
      table: bar
    s3:
      key_prefix: test/bar
    sql_option: "CSV DELIMITER ',' ESCAPE"

  - redshift:
      schema: $1
      table: $2
    s3:
      bucket: example.bucket
      key_regexp: test/(s[0-9]+)/(t[0-9]+)/
""";

    /// <summary>Rin's test/config.redshift-data.yml.</summary>
    public const string TestConfigRedshiftData = """
queue_name: rin_test

credentials:
  aws_region: ap-northeast-1
  aws_iam_role: "arn:aws:iam::123456789012:role/rin"

s3:
  bucket: test.bucket.test
  region: ap-northeast-1

sql_option: "JSON 'auto' GZIP"

redshift:
  driver: redshift-data
  cluster: mycluster
  dbname: test
  user: test_user
  reconnect_on_error: true

targets:
  - s3:
      key_prefix: test/foo/discard
    discard: true

  - redshift:
      table: foo
    s3:
      key_prefix: test/foo

  - redshift:
      schema: xxx
      table: bar_break
    s3:
      key_prefix: test/bar/break
    sql_option: "CSV DELIMITER ',' ESCAPE"
    break: true

  - redshift:
      schema: xxx
      table: bar
    s3:
      key_prefix: test/bar
    sql_option: "CSV DELIMITER ',' ESCAPE"

  - redshift:
      schema: $1
      table: $2
    s3:
      bucket: example.bucket
      key_regexp: test/(s[0-9]+)/(t[0-9]+)/
""";
}
