using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Tests.Redshift.Copy;

public sealed class CopyStatementParserTests
{
    private const string Role = "IAM_ROLE 'arn:aws:iam::123456789012:role/load'";

    [Fact]
    public void Minimal_copy_uses_redshift_defaults()
    {
        var copy = Parse($"copy events from 's3://bucket/prefix/' {Role}");

        Assert.Equal(new CopyTableName(null, "events"), copy.Table);
        Assert.Empty(copy.Columns);
        Assert.Equal(new S3Url("bucket", "prefix/"), copy.Source);
        Assert.Equal(new CopyCredentials(CopyCredentialsKind.IamRole, "arn:aws:iam::123456789012:role/load"), copy.Credentials);
        Assert.Equal(new DelimitedFormat { Delimiter = '|', Null = "\\N" }, copy.Format);
        Assert.Equal(CopyCompression.None, copy.Compression);
        Assert.Equal(0, copy.MaxError);
        Assert.False(copy.Manifest);
        Assert.Null(copy.AcceptInvChars);
    }

    [Fact]
    public void Every_supported_option_is_read()
    {
        var copy = Parse("""
            COPY analytics.events (id, "Name", ts)
            FROM 's3://bucket/manifests/load.manifest'
            CREDENTIALS AS 'aws_iam_role=arn:aws:iam::1:role/r'
            MANIFEST REGION AS 'eu-west-1'
            FORMAT AS CSV DELIMITER AS ';' QUOTE AS '%' IGNOREHEADER AS 2 NULL AS 'NA'
            GZIP TIMEFORMAT 'epochsecs' DATEFORMAT AS 'auto' MAXERROR AS 7 ACCEPTINVCHARS AS '^'
            TRUNCATECOLUMNS COMPUPDATE OFF STATUPDATE ON;
            """);

        Assert.Equal(new CopyTableName("analytics", "events"), copy.Table);
        Assert.Equal(["id", "Name", "ts"], copy.Columns);
        Assert.Equal(CopyCredentialsKind.Credentials, copy.Credentials.Kind);
        Assert.True(copy.Manifest);
        Assert.Equal("eu-west-1", copy.Region);
        Assert.Equal(new CsvFormat { Delimiter = ';', Quote = '%', IgnoreHeader = 2, Null = "NA" }, copy.Format);
        Assert.Equal(CopyCompression.Gzip, copy.Compression);
        Assert.Equal("epochsecs", copy.TimeFormat);
        Assert.Equal("auto", copy.DateFormat);
        Assert.Equal(7, copy.MaxError);
        Assert.Equal('^', copy.AcceptInvChars);
        Assert.True(copy.TruncateColumns);
        Assert.False(copy.CompUpdate);
        Assert.True(copy.StatUpdate);
    }

    [Theory]
    [InlineData("FORMAT AS JSON 'auto'", "Auto")]
    [InlineData("JSON 'auto'", "Auto")]
    [InlineData("FORMAT JSON AS 'AUTO IGNORECASE'", "AutoIgnoreCase")]
    [InlineData("json 's3://bucket/paths.json'", "JsonPaths")]
    public void Json_options_are_recognised(string clause, string expectedMode)
    {
        var mode = Enum.Parse<JsonMode>(expectedMode);
        var copy = Parse($"COPY t FROM 's3://b/k' {Role} {clause}");
        var json = Assert.IsType<JsonFormat>(copy.Format);
        Assert.Equal(mode, json.Mode);
        Assert.Equal(mode == JsonMode.JsonPaths ? new S3Url("bucket", "paths.json") : null, json.JsonPaths);
    }

    [Theory]
    [InlineData("BZIP2", "Bzip2")]
    [InlineData("zstd", "Zstd")]
    [InlineData("GZIP", "Gzip")]
    public void Compression_keywords_are_recognised(string keyword, string expected) =>
        Assert.Equal(Enum.Parse<CopyCompression>(expected), Parse($"COPY t FROM 's3://b/k' {Role} {keyword}").Compression);

    [Fact]
    public void Identifiers_follow_postgresql_rules_and_literals_unescape_quotes()
    {
        var copy = Parse($""""COPY "Sales Data"."Odd ""Name""" ("Col A", col_b, COL_C) FROM 's3://bucket/it''s here/' {Role} CSV QUOTE AS '''' ACCEPTINVCHARS"""");

        Assert.Equal(new CopyTableName("Sales Data", "Odd \"Name\""), copy.Table);
        Assert.Equal(["Col A", "col_b", "col_c"], copy.Columns);
        Assert.Equal(new S3Url("bucket", "it's here/"), copy.Source);
        Assert.Equal('\'', Assert.IsType<CsvFormat>(copy.Format).Quote);
        Assert.Equal('?', copy.AcceptInvChars);
    }

    [Fact]
    public void Comments_and_iam_role_default_are_accepted()
    {
        var copy = Parse("/* nightly */ COPY t -- target\n FROM 's3://b/k' IAM_ROLE default -- role\n CSV");
        Assert.Equal(new CopyCredentials(CopyCredentialsKind.IamRole, "default"), copy.Credentials);
    }

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("COPY t FROM STDIN")]
    [InlineData("COPY t FROM '/tmp/file.csv'")]
    [InlineData("COPY t TO 's3://b/k'")]
    [InlineData("INSERT INTO t SELECT 'COPY t FROM ''s3://b/k'''")]
    [InlineData("COPY t FROM 's3://b/k' IAM_ROLE 'unterminated")]
    [InlineData("")]
    public void Other_sql_is_not_a_copy_from_s3(string sql)
    {
        Assert.False(CopyStatementParser.TryParse(sql, out CopyStatement? copy, out string? error));
        Assert.Null(copy);
        Assert.Equal("not a COPY FROM S3", error);

        Assert.False(CopyStatementParser.TryParseDetailed(sql, out _, out CopyParseError? detail));
        Assert.True(detail!.IsNotCopyFromS3);
    }

    [Theory]
    [InlineData("ESCAPE")]
    [InlineData("REMOVEQUOTES")]
    [InlineData("EMPTYASNULL")]
    [InlineData("FIXEDWIDTH 'a:1'")]
    [InlineData("LZOP")]
    [InlineData("ENCODING UTF16")]
    [InlineData("ACCESS_KEY_ID 'x' SECRET_ACCESS_KEY 'y'")]
    [InlineData("EXPLICIT_IDS")]
    public void Known_but_unsupported_options_fail_clearly(string option)
    {
        var error = ParseError($"COPY t FROM 's3://b/k' {Role} {option}");
        Assert.Equal("0A000", error.SqlState);
        Assert.Contains("is not supported by the local Redshift stand-in", error.Message, StringComparison.Ordinal);
        Assert.Contains(option.Split(' ')[0], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FORMAT AS PARQUET", "0A000", "FORMAT PARQUET is not supported")]
    [InlineData("JSON 'noshred'", "0A000", "JSON 'noshred' (SUPER) is not supported")]
    [InlineData("TIMEFORMAT 'MM/DD/YYYY HH:MI'", "0A000", "TIMEFORMAT 'MM/DD/YYYY HH:MI' is not supported")]
    [InlineData("DATEFORMAT 'DD.MM.YYYY'", "0A000", "DATEFORMAT 'DD.MM.YYYY' is not supported")]
    [InlineData("FROBNICATE", "42601", "syntax error at or near \"FROBNICATE\"")]
    [InlineData("MAXERROR 100001", "42601", "MAXERROR must be between 0 and 100000")]
    [InlineData("DELIMITER ',,'", "42601", "DELIMITER must be a single character")]
    [InlineData("JSON 'auto' DELIMITER ','", "42601", "DELIMITER cannot be used with JSON")]
    [InlineData("QUOTE '\"'", "42601", "QUOTE can only be used with CSV")]
    [InlineData("CSV DELIMITER '\"'", "42601", "DELIMITER and QUOTE must be different")]
    [InlineData("GZIP ZSTD", "42601", "only one of GZIP, BZIP2, ZSTD")]
    [InlineData("MANIFEST MANIFEST", "42601", "conflicting or redundant options: MANIFEST")]
    [InlineData("CREDENTIALS 'x'", "42601", "conflicting or redundant options: CREDENTIALS")]
    [InlineData("JSON", "42601", "JSON needs 'auto'")]
    [InlineData("JSON 'automatic'", "42601", "invalid JSON option 'automatic'")]
    [InlineData("; SELECT 1", "42601", "must be sent as a single statement")]
    public void Invalid_options_fail_with_a_message_and_sqlstate(string options, string sqlState, string message)
    {
        var error = ParseError($"COPY t FROM 's3://b/k' {Role} {options}");
        Assert.Equal(sqlState, error.SqlState);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("COPY t FROM 's3://b/k' CSV", "needs credentials")]
    [InlineData("COPY t FROM 's3:///k' IAM_ROLE 'r'", "FROM needs an s3://bucket/key location")]
    [InlineData("COPY db.s.t FROM 's3://b/k' IAM_ROLE 'r'", "database-qualified table names are not supported")]
    [InlineData("COPY t (a, a) FROM 's3://b/k' IAM_ROLE 'r'", "named more than once")]
    [InlineData("COPY t (a FROM 's3://b/k' IAM_ROLE 'r'", "syntax error at or near \"FROM\"")]
    public void Malformed_copy_from_s3_fails(string sql, string message) =>
        Assert.Contains(message, ParseError(sql).Message, StringComparison.Ordinal);

    [Fact]
    public void ToString_masks_credentials_and_reads_back_to_the_same_statement()
    {
        const string Secret = "aws_access_key_id=AKIAEXAMPLE;aws_secret_access_key=very/secret";
        var copy = Parse($"COPY s.t (a, \"B c\") FROM 's3://b/it''s/' CREDENTIALS '{Secret}' MANIFEST REGION 'us-east-1' CSV DELIMITER ';' IGNOREHEADER 1 NULL AS 'NA' ZSTD TIMEFORMAT 'auto' MAXERROR 3 ACCEPTINVCHARS TRUNCATECOLUMNS COMPUPDATE OFF STATUPDATE OFF");

        var text = copy.ToString();
        Assert.DoesNotContain("AKIAEXAMPLE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Contains("CREDENTIALS '****'", text, StringComparison.Ordinal);

        var reparsed = Parse(text);
        Assert.Equal(copy with { Credentials = reparsed.Credentials, Columns = reparsed.Columns }, reparsed);
        Assert.Equal(copy.Columns, reparsed.Columns);
    }

    [Fact]
    public void ToString_masks_the_iam_role() =>
        Assert.Equal(
            "COPY t FROM 's3://b/k' IAM_ROLE '****' DELIMITER '|'",
            Parse($"COPY t FROM 's3://b/k' {Role}").ToString());

    private static CopyStatement Parse(string sql)
    {
        Assert.True(CopyStatementParser.TryParseDetailed(sql, out CopyStatement? copy, out CopyParseError? error), error?.Message);
        return copy!;
    }

    private static CopyParseError ParseError(string sql)
    {
        Assert.False(CopyStatementParser.TryParseDetailed(sql, out CopyStatement? copy, out CopyParseError? error));
        Assert.Null(copy);
        Assert.False(error!.IsNotCopyFromS3);
        return error;
    }
}
