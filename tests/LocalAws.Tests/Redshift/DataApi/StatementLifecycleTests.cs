using System.Net;
using System.Text.Json.Nodes;
using GapTools.Testing;

namespace GapTools.LocalAws.Tests.Redshift.DataApi;

/// <summary>ExecuteStatement → DescribeStatement → GetStatementResult over real HTTP against a real PostgreSQL.</summary>
public sealed class StatementLifecycleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_select_runs_in_the_background_and_finishes_with_typed_records()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        await harness.AdminExecuteAsync(
            "CREATE TABLE public.items (id int NOT NULL, name varchar(20), price numeric(8,2), weight float8, big int8, active bool, made date);" +
            "INSERT INTO items VALUES (1, 'one', 1.50, 0.25, 9000000000, true, '2024-02-29'), (2, NULL, NULL, NULL, NULL, false, NULL)");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        var submitted = await harness.Client.CallAsync("ExecuteStatement", new JsonObject
        {
            ["ClusterIdentifier"] = DataApiHarness.ClusterId,
            ["Database"] = harness.Database,
            ["DbUser"] = harness.MasterUser,
            ["Sql"] = "SELECT id, name, price, weight, big, active, made FROM items ORDER BY id",
            ["StatementName"] = "items-report",
        });
        var id = (string)submitted["Id"]!;
        Assert.Matches("^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}$", id);
        Assert.Equal(DataApiHarness.ClusterId, (string)submitted["ClusterIdentifier"]!);
        Assert.Equal(harness.Database, (string)submitted["Database"]!);
        Assert.Equal(harness.MasterUser, (string)submitted["DbUser"]!);
        Assert.InRange((double)submitted["CreatedAt"]!, before - 1, before + 60);

        var described = await harness.WaitAsync(id);
        Assert.Equal("FINISHED", (string)described["Status"]!);
        Assert.Null(described["Error"]);
        Assert.True((bool)described["HasResultSet"]!);
        Assert.Equal(2, (long)described["ResultRows"]!);
        Assert.True((long)described["ResultSize"]! > 0);
        Assert.True((long)described["Duration"]! > 0);
        Assert.True((long)described["RedshiftQueryId"]! > 0);
        Assert.True((long)described["RedshiftPid"]! > 0);
        Assert.Equal("SELECT id, name, price, weight, big, active, made FROM items ORDER BY id", (string)described["QueryString"]!);
        Assert.True((double)described["UpdatedAt"]! >= (double)described["CreatedAt"]!);

        var result = await harness.ResultAsync(id);
        Assert.Equal(2, (long)result["TotalNumRows"]!);
        Assert.Null(result["NextToken"]);
        var records = result["Records"]!.AsArray();
        Assert.Equal(
            """[{"longValue":1},{"stringValue":"one"},{"stringValue":"1.50"},{"doubleValue":0.25},{"longValue":9000000000},{"booleanValue":true},{"stringValue":"2024-02-29"}]""",
            records[0]!.ToJsonString());
        Assert.Equal(
            """[{"longValue":2},{"isNull":true},{"isNull":true},{"isNull":true},{"isNull":true},{"booleanValue":false},{"isNull":true}]""",
            records[1]!.ToJsonString());

        var columns = result["ColumnMetadata"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(["id", "name", "price", "weight", "big", "active", "made"], columns.Select(c => (string)c["name"]!));
        Assert.Equal(["int4", "varchar", "numeric", "float8", "int8", "bool", "date"], columns.Select(c => (string)c["typeName"]!));
        Assert.All(columns, c => Assert.Equal("items", (string)c["tableName"]!));
        Assert.All(columns, c => Assert.Equal("public", (string)c["schemaName"]!));
        Assert.Equal(20, (int)columns[1]["precision"]!);
        Assert.Equal((8, 2), ((int)columns[2]["precision"]!, (int)columns[2]["scale"]!));
    }

    [Fact]
    public async Task An_insert_reports_rows_affected_and_has_no_result()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        await harness.AdminExecuteAsync("CREATE TABLE t (id int)");

        var id = await harness.RunAsync("INSERT INTO t VALUES (1), (2), (3)");

        var described = await harness.DescribeAsync(id);
        Assert.False((bool)described["HasResultSet"]!);
        Assert.Equal(3, (long)described["ResultRows"]!);
        Assert.Equal(3, await harness.AdminScalarAsync("SELECT count(*) FROM t"));
        var error = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.ResultAsync(id));
        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal(id, (string)error.Body["ResourceId"]!);
    }

    [Fact]
    public async Task Named_parameters_bind_as_values_and_are_echoed()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        await harness.AdminExecuteAsync("CREATE TABLE t (id int, name text); INSERT INTO t VALUES (1, 'a'), (2, 'it''s'), (3, 'c')");
        var parameters = new JsonArray(
            new JsonObject { ["name"] = "name", ["value"] = "it's" },
            new JsonObject { ["name"] = "min", ["value"] = "1" });

        var id = await harness.RunAsync(
            "SELECT id, ':min' AS literal FROM t WHERE name = :name AND id > :min::int -- :name",
            r => r["Parameters"] = parameters.DeepClone());

        var records = (await harness.ResultAsync(id))["Records"]!.AsArray();
        Assert.Equal("""[[{"longValue":2},{"stringValue":":min"}]]""", records.ToJsonString());
        Assert.Equal(parameters.ToJsonString(), (await harness.DescribeAsync(id))["QueryParameters"]!.ToJsonString());
    }

    [Fact]
    public async Task A_sql_error_fails_the_statement_with_the_database_text()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);

        var id = await harness.ExecuteAsync("SELECT * FROM missing_table");

        var described = await harness.WaitAsync(id);
        Assert.Equal("FAILED", (string)described["Status"]!);
        Assert.Equal("ERROR: relation \"missing_table\" does not exist", (string)described["Error"]!);
        Assert.Equal(-1, (long)described["ResultRows"]!);
        var error = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.ResultAsync(id));
        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Query does not have result. Please check query status with DescribeStatement.", error.ErrorMessage);
    }

    [Fact]
    public async Task Results_page_with_NextToken()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        harness.Server.State.RedshiftData.ResultPageRows = 2;
        var id = await harness.RunAsync("SELECT g FROM generate_series(1, 5) AS g");

        var values = new List<long>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await harness.ResultAsync(id, token);
            Assert.Equal(5, (long)page["TotalNumRows"]!);
            Assert.Single(page["ColumnMetadata"]!.AsArray());
            values.AddRange(page["Records"]!.AsArray().Select(r => (long)r![0]!["longValue"]!));
            token = (string?)page["NextToken"];
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal([1L, 2, 3, 4, 5], values);
        var other = await harness.RunAsync("SELECT 1");
        var firstToken = (string)(await harness.ResultAsync(id))["NextToken"]!;
        var foreign = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.ResultAsync(other, firstToken));
        Assert.Equal("ValidationException", foreign.Code);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_refused()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        var unknown = Guid.NewGuid().ToString();

        foreach (var operation in new[] { "DescribeStatement", "GetStatementResult", "CancelStatement" })
        {
            var missing = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.Client.CallAsync(operation, new JsonObject { ["Id"] = unknown }));
            Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
            Assert.Equal("ResourceNotFoundException", missing.Code);
            Assert.Equal("Query does not exist.", missing.ErrorMessage);
            Assert.Equal(unknown, (string)missing.Body["ResourceId"]!);

            var malformed = await Assert.ThrowsAsync<RedshiftDataException>(() => harness.Client.CallAsync(operation, new JsonObject { ["Id"] = "not-an-id" }));
            Assert.Equal("ValidationException", malformed.Code);
        }
    }

    [Fact]
    public async Task A_retry_with_the_same_ClientToken_returns_the_first_statement()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        await harness.AdminExecuteAsync("CREATE TABLE t (id int)");
        var token = Guid.NewGuid().ToString();

        var first = await harness.ExecuteAsync("INSERT INTO t VALUES (1)", r => r["ClientToken"] = token);
        var second = await harness.ExecuteAsync("INSERT INTO t VALUES (1)", r => r["ClientToken"] = token);
        await harness.WaitAsync(first);

        Assert.Equal(first, second);
        Assert.Equal(1, await harness.AdminScalarAsync("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task ListStatements_filters_by_name_prefix_and_status()
    {
        await using var harness = await DataApiHarness.StartAsync(postgres);
        var ok = await harness.RunAsync("SELECT 1", r => r["StatementName"] = "nightly-ok");
        var bad = await harness.ExecuteAsync("SELECT nope", r => r["StatementName"] = "nightly-bad");
        await harness.WaitAsync(bad);
        await harness.RunAsync("SELECT 2", r => r["StatementName"] = "adhoc");

        var nightly = await harness.Client.CallAsync("ListStatements", new JsonObject { ["StatementName"] = "nightly" });
        var failed = await harness.Client.CallAsync("ListStatements", new JsonObject { ["Status"] = "FAILED" });

        Assert.Equal([bad, ok], nightly["Statements"]!.AsArray().Select(s => (string)s!["Id"]!));
        var only = Assert.Single(failed["Statements"]!.AsArray())!;
        Assert.Equal(bad, (string)only["Id"]!);
        Assert.Equal("SELECT nope", (string)only["QueryString"]!);
        Assert.False((bool)only["IsBatchStatement"]!);
    }
}
