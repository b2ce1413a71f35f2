using GapTools.Core;
using GapTools.S3ToRedshift.Routing;
using GapTools.S3ToRedshift.Sink;

namespace GapTools.S3ToRedshift.Tests.Sink;

public sealed class CopyCommandTests
{
    private static readonly QualifiedTableName Table = new("raw", "events");

    [Fact]
    public void Manifest_copy_with_role_region_and_parameters()
    {
        var copy = new CopyCommand(Table, "s3://m/manifests/2024/01/01/b1.manifest", isManifest: true,
            CopyCredentials.IamRole("arn:aws:iam::123456789012:role/load"), "eu-west-1", "JSON 'auto' GZIP");
        const string expected =
            "COPY \"raw\".\"events\" FROM 's3://m/manifests/2024/01/01/b1.manifest' IAM_ROLE 'arn:aws:iam::123456789012:role/load' MANIFEST REGION 'eu-west-1' JSON 'auto' GZIP";
        Assert.Equal(expected, copy.ToSql());
        Assert.Equal(expected, copy.ToString());
    }

    [Theory]
    [InlineData("data/it's.json", "'s3://b/data/it''s.json'")]
    [InlineData("data/\"q\".json", "'s3://b/data/\"q\".json'")]
    [InlineData("data/a+b%2B c.json", "'s3://b/data/a+b%2B c.json'")]
    [InlineData("データ/ü.json", "'s3://b/データ/ü.json'")]
    public void Direct_copy_writes_the_raw_key_as_a_literal(string key, string expectedLiteral)
    {
        var copy = new CopyCommand(new QualifiedTableName(null, "t\"x"), S3Uri.Format("b", key), isManifest: false, CopyCredentials.IamRole("arn:r"), null, null);
        Assert.Equal($"COPY \"t\"\"x\" FROM {expectedLiteral} IAM_ROLE 'arn:r'", copy.ToSql());
    }

    [Fact]
    public void Access_keys_appear_only_in_the_sql()
    {
        var copy = new CopyCommand(Table, "s3://b/k", isManifest: false, CopyCredentials.AccessKey("AKIDEXAMPLE", "s3cr3t/KEY", "tok+en"), null, "CSV");
        Assert.Equal(
            "COPY \"raw\".\"events\" FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=AKIDEXAMPLE;aws_secret_access_key=s3cr3t/KEY;token=tok+en' CSV",
            copy.ToSql());
        Assert.Equal("COPY \"raw\".\"events\" FROM 's3://b/k' CREDENTIALS '****' CSV", copy.ToString());
        Assert.DoesNotContain("s3cr3t", copy.Credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AKIDEXAMPLE", copy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_inputs_fail_before_the_database()
    {
        var role = CopyCredentials.IamRole("arn:r");
        Assert.Throws<ArgumentException>(() => new CopyCommand(Table, "http://b/k", false, role, null, null));
        Assert.Throws<ArgumentException>(() => new CopyCommand(Table, "s3://b/a\\b", false, role, null, null));
        Assert.Throws<ArgumentException>(() => new CopyCommand(Table, "s3://b/k", false, role, null, "CSV; DROP TABLE x"));
        Assert.Throws<ArgumentException>(() => CopyCredentials.AccessKey("id", "se;cret", null));
    }
}

public sealed class CopyParametersTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("JSON 'auto' GZIP")]
    [InlineData("CSV DELIMITER ';' QUOTE '\"' IGNOREHEADER 1")]
    [InlineData("JSON 's3://b/jsonpaths region.json'")]
    public void Ordinary_parameters_pass(string? text) => Assert.Null(CopyParameters.Validate(text));

    [Theory]
    [InlineData("CSV; DELETE FROM t", "';'")]
    [InlineData("JSON 'auto", "unterminated")]
    [InlineData("JSON 'auto' IAM_ROLE 'arn'", "IAM_ROLE")]
    [InlineData("csv manifest", "MANIFEST")]
    [InlineData("CSV credentials 'x'", "CREDENTIALS")]
    [InlineData("CSV REGION 'us-east-1'", "REGION")]
    public void Clauses_the_worker_writes_or_extra_statements_are_refused(string text, string expected) =>
        Assert.Contains(expected, CopyParameters.Validate(text), StringComparison.Ordinal);
}
