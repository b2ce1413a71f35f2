using System.Text;
using GapTools.Testing;

namespace GapTools.LocalAws.Tests.Redshift.DataApi;

/// <summary>
/// COPY from S3 submitted through the Data API goes through the cluster's wire proxy, so the real translator
/// reads the S3 emulator's objects and rows land in PostgreSQL; bad data fails with Redshift's message.
/// </summary>
public sealed class CopyThroughDataApiTests(PostgresFixture postgres)
{
    private const string Role = "IAM_ROLE 'arn:aws:iam::000000000000:role/loader'";

    private static async Task<DataApiHarness> StartAsync(PostgresFixture postgres)
    {
        var harness = await DataApiHarness.StartAsync(postgres);
        await harness.AdminExecuteAsync("CREATE TABLE public.events (id int NOT NULL, name varchar(10))");
        return harness;
    }

    [Fact]
    public async Task Copy_from_s3_loads_the_objects_rows()
    {
        await using var harness = await StartAsync(postgres);
        harness.Server.State.S3.PutObject("landing", "in/part-0.csv", Encoding.UTF8.GetBytes("1,alpha\n2,beta\n"));
        harness.Server.State.S3.PutObject("landing", "in/part-1.csv", Encoding.UTF8.GetBytes("3,gamma\n"));

        var id = await harness.RunAsync($"COPY public.events FROM 's3://landing/in/' {Role} CSV");

        Assert.Equal(3, (long)(await harness.DescribeAsync(id))["ResultRows"]!);
        Assert.Equal(3, await harness.AdminScalarAsync("SELECT count(*) FROM events"));
        Assert.Equal(1, harness.Cluster.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Bad_data_fails_with_redshifts_message_and_records_the_rejected_rows()
    {
        await using var harness = await StartAsync(postgres);
        harness.Server.State.S3.PutObject("landing", "bad.csv", Encoding.UTF8.GetBytes("1,ok\nnot-a-number,bad\n"));

        var id = await harness.ExecuteAsync($"COPY public.events FROM 's3://landing/bad.csv' {Role} CSV");

        var described = await harness.WaitAsync(id);
        Assert.Equal("FAILED", (string)described["Status"]!);
        Assert.Equal("ERROR: Load into table 'events' failed. Check 'sys_load_error_detail' system table for details.", (string)described["Error"]!);
        Assert.Equal(0, await harness.AdminScalarAsync("SELECT count(*) FROM events"));
        Assert.Equal(1, await harness.AdminScalarAsync(
            "SELECT count(*) FROM sys_load_error_detail WHERE file_name = 's3://landing/bad.csv' AND line_number = 2 AND column_name = 'id'"));
    }

    [Fact]
    public async Task A_copy_in_a_batch_is_rolled_back_when_a_later_statement_fails()
    {
        await using var harness = await StartAsync(postgres);
        harness.Server.State.S3.PutObject("landing", "good.csv", Encoding.UTF8.GetBytes("1,alpha\n2,beta\n"));

        var id = await harness.BatchAsync($"COPY public.events FROM 's3://landing/good.csv' {Role} CSV", "INSERT INTO events VALUES (NULL, 'x')");

        var described = await harness.WaitAsync(id);
        Assert.Equal("FAILED", (string)described["Status"]!);
        Assert.StartsWith("ERROR: null value in column \"id\"", (string)described["Error"]!, StringComparison.Ordinal);
        Assert.Equal(2, (long)described["SubStatements"]![0]!["ResultRows"]!);
        Assert.Equal(0, await harness.AdminScalarAsync("SELECT count(*) FROM events"));
    }

    [Fact]
    public async Task A_missing_object_fails_the_statement()
    {
        await using var harness = await StartAsync(postgres);

        var described = await harness.WaitAsync(await harness.ExecuteAsync($"COPY public.events FROM 's3://landing/nothing-here' {Role} CSV"));

        Assert.Equal("FAILED", (string)described["Status"]!);
        Assert.StartsWith("ERROR: ", (string)described["Error"]!, StringComparison.Ordinal);
        Assert.Contains("nothing-here", (string)described["Error"]!, StringComparison.Ordinal);
    }
}
