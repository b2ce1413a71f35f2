using System.Data;
using System.IO.Compression;
using System.Text;
using GapTools.LocalAws.Redshift.Copy;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Copy;

/// <summary>COPY from S3 executed against a real PostgreSQL: rows are counted in real tables.</summary>
public sealed class CopyExecutorTests(PostgresFixture postgres)
{
    private const string Role = "IAM_ROLE 'arn:aws:iam::123456789012:role/load'";
    private const string LoadFailed = "Load into table 'events' failed. Check 'sys_load_error_detail' system table for details.";

    [Fact]
    public async Task Csv_with_header_delimiter_quote_and_null_as()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int, name varchar(20), note text, amount numeric(10,2), seen date)");
        db.Objects.Put("bucket", "in/events.csv", "id;name;note;amount;seen\n1;'a;b';'say ''hi''';1.50;2024-01-02\n2;NA;'';NA;\n3;plain;'multi\nline';-2;2024-02-29\n");

        var loaded = await db.CopyAsync($"COPY events FROM 's3://bucket/in/events.csv' {Role} CSV DELIMITER ';' QUOTE AS '''' IGNOREHEADER 1 NULL AS 'NA'");

        Assert.Equal(3, loaded);
        var rows = await db.RowsAsync("SELECT id, name, note, amount, seen::text FROM events ORDER BY id");
        Assert.Equal(["1", "a;b", "say 'hi'", "1.50", "2024-01-02"], rows[0]);
        Assert.Equal(["2", null, "", null, null], rows[1]);
        Assert.Equal(["3", "plain", "multi\nline", "-2.00", "2024-02-29"], rows[2]);
    }

    [Fact]
    public async Task Default_format_is_pipe_delimited_text_with_backslash_n_nulls()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id bigint, flag boolean, label text)");
        db.Objects.Put("bucket", "events.txt", "1|true|\"as is\"\n2|\\N|\\N\n3|f|\n");

        Assert.Equal(3, await db.CopyAsync($"COPY events FROM 's3://bucket/events.txt' {Role}"));

        Assert.Equal(
            [["1", "True", "\"as is\""], ["2", null, null], ["3", "False", ""]],
            await db.RowsAsync("SELECT id, flag, label FROM events ORDER BY id"));
    }

    [Fact]
    public async Task Json_auto_matches_keys_exactly_and_ignorecase_in_any_case()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int, name text, attrs jsonb)");
        const string Json = """
            {"id": 1, "name": "lower", "attrs": {"k": [1, 2]}}
            {"ID": 2, "Name": "Mixed", "extra": true}
            """;
        db.Objects.Put("bucket", "auto/1.json", Json).Put("bucket", "ignorecase/1.json", Json);

        Assert.Equal(2, await db.CopyAsync($"COPY events FROM 's3://bucket/auto/' {Role} FORMAT AS JSON 'auto'"));
        Assert.Equal(
            [["1", "lower", """{"k": [1, 2]}"""], [null, null, null]],
            await db.RowsAsync("SELECT id, name, attrs::text FROM events ORDER BY id NULLS LAST"));

        await db.ExecuteAsync("TRUNCATE events");
        Assert.Equal(2, await db.CopyAsync($"COPY events FROM 's3://bucket/ignorecase/' {Role} JSON 'auto ignorecase'"));
        Assert.Equal([["1", "lower"], ["2", "Mixed"]], await db.RowsAsync("SELECT id, name FROM events ORDER BY id"));
    }

    [Fact]
    public async Task Json_with_a_jsonpaths_file_and_a_column_list()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int, name text, city text DEFAULT 'unset')");
        db.Objects
            .Put("bucket", "paths.json", """{"jsonpaths": ["$['user']['name']", "$.user.id"]}""")
            .Put("bucket", "data.json", """{"user": {"id": 10, "name": "Ann"}} {"user": {"id": 11}}""");

        Assert.Equal(2, await db.CopyAsync($"COPY events (name, id) FROM 's3://bucket/data.json' {Role} JSON 's3://bucket/paths.json'"));

        Assert.Equal([["10", "Ann", "unset"], ["11", null, "unset"]], await db.RowsAsync("SELECT id, name, city FROM events ORDER BY id"));
    }

    [Theory]
    [InlineData("GZIP")]
    [InlineData("BZIP2")]
    [InlineData("ZSTD")]
    public async Task Compressed_objects_are_decoded(string compression)
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int, name text)");
        var csv = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 2500).Select(i => $"{i},name {i}\n")));
        db.Objects.Put("bucket", "events.csv.z", compression switch
        {
            "GZIP" => Gzip(csv),
            "BZIP2" => await CopyDatabase.CompressWithToolAsync("bzip2", csv),
            _ => await CopyDatabase.CompressWithToolAsync("zstd", csv),
        });

        Assert.Equal(2500, await db.CopyAsync($"COPY events FROM 's3://bucket/events.csv.z' {Role} CSV {compression}"));
        Assert.Equal([["2500", "3126250"]], await db.RowsAsync("SELECT count(*), sum(id) FROM events"));
    }

    [Fact]
    public async Task Concatenated_gzip_members_decode_as_one_file()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int)");
        db.Objects.Put("bucket", "events.gz", [.. Gzip(Encoding.UTF8.GetBytes("1\n2\n")), .. Gzip(Encoding.UTF8.GetBytes("3\n"))]);

        Assert.Equal(3, await db.CopyAsync($"COPY events FROM 's3://bucket/events.gz' {Role} CSV GZIP"));
    }

    [Fact]
    public async Task Data_that_is_not_gzip_fails_the_statement_clearly()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int)");
        db.Objects.Put("bucket", "events.gz", "1\n2\n");

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.CopyAsync($"COPY events FROM 's3://bucket/events.gz' {Role} CSV GZIP"));

        Assert.Equal("XX000", error.SqlState);
        Assert.StartsWith("Failed to decompress 's3://bucket/events.gz' as GZIP", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefix_loads_every_object_under_it()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int, part text)");
        db.Objects
            .Put("bucket", "batch/2024-05-01/part-0001.csv", "1,a\n2,a\n")
            .Put("bucket", "batch/2024-05-01/part-0002.csv", "3,b\n")
            .Put("bucket", "batch/2024-05-01x/part-0001.csv", "4,c\n")
            .Put("bucket", "batch/2024-05-02/part-0001.csv", "5,d\n");

        Assert.Equal(4, await db.CopyAsync($"COPY events FROM 's3://bucket/batch/2024-05-01' {Role} CSV"));
        Assert.Equal(["a", "a", "b", "c"], (await db.RowsAsync("SELECT part FROM events ORDER BY id")).Select(r => r[0]));
    }

    [Fact]
    public async Task A_manifest_loads_its_entries_and_a_missing_mandatory_entry_fails_the_load()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int)");
        db.Objects
            .Put("bucket", "a.csv", "1\n2\n").Put("bucket", "b.csv", "3\n").Put("bucket", "not-listed.csv", "99\n")
            .Put("bucket", "ok.manifest", """{"entries": [{"url": "s3://bucket/a.csv", "mandatory": true}, {"url": "s3://bucket/b.csv"}, {"url": "s3://bucket/gone.csv", "mandatory": false}]}""")
            .Put("bucket", "bad.manifest", """{"entries": [{"url": "s3://bucket/a.csv"}, {"url": "s3://bucket/gone.csv", "mandatory": true}]}""");

        Assert.Equal(3, await db.CopyAsync($"COPY events FROM 's3://bucket/ok.manifest' {Role} CSV MANIFEST"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.CopyAsync($"COPY events FROM 's3://bucket/bad.manifest' {Role} CSV MANIFEST"));
        Assert.Equal("XX000", error.SqlState);
        Assert.Contains("mandatory file 's3://bucket/gone.csv' which does not exist", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(3, await db.CountAsync("events"));
    }

    [Fact]
    public async Task Quoted_identifiers_and_literals_with_quotes_are_honoured()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync(""""CREATE SCHEMA "Sales Data"; CREATE TABLE "Sales Data"."Odd ""Name""" ("Col A" int, "it's" text)"""");
        db.Objects.Put("bucket", "it's here/data.csv", "1,o'clock\n");

        var loaded = await db.CopyAsync(""""COPY "Sales Data"."Odd ""Name""" ("Col A", "it's") FROM 's3://bucket/it''s here/' IAM_ROLE 'arn:aws:iam::1:role/o''brien' CSV"""");

        Assert.Equal(1, loaded);
        Assert.Equal([["1", "o'clock"]], await db.RowsAsync(""""SELECT "Col A", "it's" FROM "Sales Data"."Odd ""Name""" """"));
    }

    [Fact]
    public async Task Bad_rows_fail_the_load_are_recorded_and_the_transaction_is_rolled_back()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int NOT NULL, name varchar(5), seen date)");
        db.Objects.Put("bucket", "events.csv", "1,ok,2024-01-01\nx,bad-id,2024-01-01\n3,too long,2024-01-01\n4,ok,2024-13-45\n,no-id,\n6,ok\n");

        await using var transaction = await db.Connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await db.ExecuteAsync("INSERT INTO events VALUES (100, 'prior', NULL)");

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.CopyAsync($"COPY events FROM 's3://bucket/events.csv' {Role} CSV"));

        Assert.Equal("XX000", error.SqlState);
        Assert.Equal(LoadFailed, error.MessageText);

        // Npgsql treats XX000 (Redshift's SQLSTATE for a failed load) as critical and drops the session, as it
        // does against Redshift; the server rolls the open transaction back, including the earlier INSERT.
        Assert.Equal(ConnectionState.Closed, db.Connection.State);
        Assert.Equal(0, await db.CountAsync("events"));

        var errors = await db.RowsAsync("SELECT file_name, line_number, column_name, error_code, error_message, raw_line, raw_field_value, column_type FROM sys_load_error_detail ORDER BY line_number");
        Assert.Equal(
            [
                ["s3://bucket/events.csv", "2", "id", "1207", "invalid input syntax for type integer: \"x\"", "x,bad-id,2024-01-01", "x", "integer"],
                ["s3://bucket/events.csv", "3", "name", "1204", "String length exceeds DDL length", "3,too long,2024-01-01", "too long", "character varying(5)"],
                ["s3://bucket/events.csv", "4", "seen", "1205", "date/time field value out of range: \"2024-13-45\"", "4,ok,2024-13-45", "2024-13-45", "date"],
                ["s3://bucket/events.csv", "5", "id", "1213", "Missing data for not-null field", ",no-id,", "", "integer"],
                ["s3://bucket/events.csv", "6", null, "1214", "Delimiter not found", "6,ok", null, null],
            ],
            errors);
        Assert.Equal([["1", "5"]], await db.RowsAsync("SELECT count(DISTINCT query_id), count(*) FROM sys_load_error_detail WHERE session_id IS NOT NULL AND table_id = 'events'::regclass::oid"));
    }

    [Fact]
    public async Task Maxerror_tolerates_that_many_bad_rows_and_still_records_them()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int, flag boolean)");
        db.Objects.Put("bucket", "events.csv", "1,true\n2,maybe\n3,false\nthree,true\n");

        Assert.Equal(2, await db.CopyAsync($"COPY events FROM 's3://bucket/events.csv' {Role} CSV MAXERROR 2"));

        Assert.Equal([["1"], ["3"]], await db.RowsAsync("SELECT id FROM events ORDER BY id"));
        Assert.Equal([["2", "1210"], ["4", "1207"]], await db.RowsAsync("SELECT line_number, error_code FROM sys_load_error_detail ORDER BY line_number"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.CopyAsync($"COPY events FROM 's3://bucket/events.csv' {Role} CSV MAXERROR 1"));
        Assert.Equal(LoadFailed, error.MessageText);
        Assert.Equal(2, await db.CountAsync("events"));
        Assert.Equal([["2"]], await db.RowsAsync("SELECT count(DISTINCT query_id) FROM sys_load_error_detail"));
    }

    [Fact]
    public async Task A_failure_with_a_non_critical_sqlstate_leaves_the_transaction_aborted_but_the_session_open()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int)");
        await using var transaction = await db.Connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await db.ExecuteAsync("INSERT INTO events VALUES (1)");

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.CopyAsync($"COPY events (nope) FROM 's3://bucket/x' {Role} CSV"));

        Assert.Equal("42703", error.SqlState);
        Assert.Equal(ConnectionState.Open, db.Connection.State);
        Assert.Equal(PostgresErrorCodes.InFailedSqlTransaction, (await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("SELECT 1"))).SqlState);
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await db.CountAsync("events"));
    }

    [Fact]
    public async Task Unsupported_options_fail_the_statement_and_abort_the_transaction()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int)");
        db.Objects.Put("bucket", "events.csv", "1\n");
        await using var transaction = await db.Connection.BeginTransactionAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.RunCopyLikeAFrontAsync($"COPY events FROM 's3://bucket/events.csv' {Role} CSV REMOVEQUOTES"));

        Assert.Equal("0A000", error.SqlState);
        Assert.Equal("COPY option REMOVEQUOTES is not supported by the local Redshift stand-in", error.MessageText);
        Assert.Equal(PostgresErrorCodes.InFailedSqlTransaction, (await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("SELECT 1"))).SqlState);
    }

    [Fact]
    public async Task Unknown_table_column_and_prefix_fail_with_redshift_messages()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int)");
        db.Objects.Put("bucket", "events.csv", "1\n");

        var table = await Assert.ThrowsAsync<PostgresException>(() => db.CopyAsync($"COPY missing FROM 's3://bucket/events.csv' {Role} CSV"));
        Assert.Equal(("42P01", "relation \"missing\" does not exist"), (table.SqlState, table.MessageText));

        var column = await Assert.ThrowsAsync<PostgresException>(() => db.CopyAsync($"COPY events (nope) FROM 's3://bucket/events.csv' {Role} CSV"));
        Assert.Equal(("42703", "column \"nope\" of relation \"events\" does not exist"), (column.SqlState, column.MessageText));

        var prefix = await Assert.ThrowsAsync<PostgresException>(() => db.CopyAsync($"COPY events FROM 's3://bucket/nothing/' {Role} CSV"));
        Assert.Equal(("XX000", "The specified S3 prefix 'nothing/' does not exist"), (prefix.SqlState, prefix.MessageText));
    }

    [Fact]
    public async Task Truncatecolumns_and_acceptinvchars_load_what_would_otherwise_be_rejected()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int, name varchar(3))");
        db.Objects.Put("bucket", "events.csv", [.. Encoding.UTF8.GetBytes("1,ééé\n2,a"), 0xFF, .. Encoding.UTF8.GetBytes("b\n")]);

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.CopyAsync($"COPY events FROM 's3://bucket/events.csv' {Role} CSV"));
        Assert.Equal(LoadFailed, error.MessageText);
        Assert.Equal([["1204"], ["1220"]], await db.RowsAsync("SELECT error_code FROM sys_load_error_detail ORDER BY line_number"));
        await db.Connection.OpenAsync(TestContext.Current.CancellationToken); // the failed load ended the session

        Assert.Equal(2, await db.CopyAsync($"COPY events FROM 's3://bucket/events.csv' {Role} CSV TRUNCATECOLUMNS ACCEPTINVCHARS AS '~'"));
        Assert.Equal([["1", "é"], ["2", "a~b"]], await db.RowsAsync("SELECT id, name FROM events ORDER BY id"));
    }

    [Fact]
    public async Task Identity_columns_are_generated_and_epoch_times_converted()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (event_id bigint GENERATED BY DEFAULT AS IDENTITY, at timestamp, name text)");
        db.Objects.Put("bucket", "events.csv", "1700000000,a\n1700000001.25,b\n");

        Assert.Equal(2, await db.CopyAsync($"COPY events FROM 's3://bucket/events.csv' {Role} CSV TIMEFORMAT 'epochsecs'"));

        Assert.Equal(
            [["1", "2023-11-14 22:13:20", "a"], ["2", "2023-11-14 22:13:21.25", "b"]],
            await db.RowsAsync("SELECT event_id, at::text, name FROM events ORDER BY event_id"));
    }

    [Fact]
    public async Task Without_a_transaction_the_copy_commits_on_its_own()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int)");
        db.Objects.Put("bucket", "events.csv", "1\n2\n");

        Assert.Equal(2, await db.CopyAsync($"COPY events FROM 's3://bucket/events.csv' {Role} CSV"));
        Assert.Equal(2, await db.CountAsync("events"));
    }

    [Fact]
    public async Task A_prepared_copy_renders_as_an_insert_that_loads_the_same_rows()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int, name text, note text)");
        db.Objects.Put("bucket", "events.csv", "1,o'brien,NA\n2,\"\",x\n");
        Assert.True(CopyStatementParser.TryParse($"COPY events FROM 's3://bucket/events.csv' {Role} CSV NULL AS 'NA'", out CopyStatement? statement, out string? _));

        await using var prepared = await db.Executor.PrepareAsync(statement!, db.Connection, TestContext.Current.CancellationToken);
        var insert = await prepared.ToInsertSqlAsync(TestContext.Current.CancellationToken);
        await db.ExecuteAsync(insert);

        Assert.Equal(2, prepared.RowCount);
        Assert.Equal([["1", "o'brien", null], ["2", "", "x"]], await db.RowsAsync("SELECT id, name, note FROM events ORDER BY id"));
    }

    [Fact]
    public async Task Many_rows_across_batches_load_completely()
    {
        await using var db = await CopyDatabase.CreateAsync(postgres);
        await db.ExecuteAsync("CREATE TABLE events (id int, at timestamptz, amount numeric(12,2))");
        var rows = Enumerable.Range(1, (CopyExecutor.BatchSize * 3) + 17).Select(i => $"{i},2024-01-01T00:00:{i % 60:00}Z,{i}.25\n");
        db.Objects.Put("bucket", "many.csv", string.Concat(rows));

        Assert.Equal((CopyExecutor.BatchSize * 3) + 17, await db.CopyAsync($"COPY events FROM 's3://bucket/many.csv' {Role} CSV"));
        Assert.Equal((CopyExecutor.BatchSize * 3) + 17, await db.CountAsync("events"));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
