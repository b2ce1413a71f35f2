using GapTools.LocalAws.S3;
using System.IO.Compression;
using System.Text;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

/// <summary>
/// Redshift COPY from S3 through the cluster endpoint with Npgsql: the real translator reads the objects, the
/// rows land in PostgreSQL inside the client's transaction, and failures look like Redshift's.
/// </summary>
public sealed class CopyThroughProxyTests(PostgresFixture postgres)
{
    private const string Role = "IAM_ROLE 'arn:aws:iam::000000000000:role/loader'";
    private const string LoadFailed = "Load into table 'events' failed. Check 'sys_load_error_detail' system table for details.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<RedshiftHarness> StartAsync(PostgresFixture postgres)
    {
        var harness = await RedshiftHarness.StartAsync(postgres);
        await harness.AdminExecuteAsync("CREATE TABLE public.events (id int NOT NULL, name varchar(10))");
        return harness;
    }

    private static async Task<int> CopyAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteNonQueryAsync(Ct);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task Csv_object_loads_and_answers_copy_n()
    {
        await using var harness = await StartAsync(postgres);
        harness.UseInMemoryS3().Put("bucket", "in/a.csv", "1,alpha\n2,\"b,c\"\n3,\n");
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);

        Assert.Equal(3, await CopyAsync(connection, $"COPY public.events FROM 's3://bucket/in/a.csv' {Role} CSV"));

        Assert.Equal(3, await harness.AdminScalarAsync("SELECT count(*) FROM events"));
        Assert.Equal(1, await harness.AdminScalarAsync("SELECT count(*) FROM events WHERE name = 'b,c'"));
        Assert.Equal(1, harness.Cluster.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Gzipped_json_objects_under_a_prefix_load_together()
    {
        await using var harness = await StartAsync(postgres);
        harness.UseInMemoryS3()
            .Put("bucket", "json/part-1.json.gz", Gzip("{\"id\": 1, \"name\": \"one\"}\n{\"id\": 2, \"name\": \"two\"}\n"))
            .Put("bucket", "json/part-2.json.gz", Gzip("{\"id\": 3, \"name\": \"three\"}\n"))
            .Put("bucket", "other/part-3.json.gz", Gzip("{\"id\": 4, \"name\": \"four\"}\n"));
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);

        Assert.Equal(3, await CopyAsync(connection, $"COPY events FROM 's3://bucket/json/' {Role} FORMAT AS JSON 'auto' GZIP"));

        Assert.Equal(6, await harness.AdminScalarAsync("SELECT sum(id) FROM events"));
    }

    [Fact]
    public async Task Manifest_loads_the_listed_objects_in_the_clients_transaction()
    {
        await using var harness = await StartAsync(postgres);
        harness.UseInMemoryS3()
            .Put("bucket", "batch/1.csv", "1,a\n")
            .Put("bucket", "batch/2.csv", "2,b\n")
            .Put("bucket", "batch/3.csv", "3,c\n")
            .Put("bucket", "manifests/m.json", """{"entries": [{"url": "s3://bucket/batch/1.csv", "mandatory": true}, {"url": "s3://bucket/batch/3.csv", "mandatory": true}]}""");
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);

        Assert.Equal(2, await CopyAsync(connection, $"COPY events FROM 's3://bucket/manifests/m.json' {Role} MANIFEST CSV", transaction));

        // Not visible outside the transaction until COMMIT, as on Redshift.
        Assert.Equal(0, await harness.AdminScalarAsync("SELECT count(*) FROM events"));
        await transaction.CommitAsync(Ct);
        Assert.Equal(4, await harness.AdminScalarAsync("SELECT sum(id) FROM events"));
    }

    [Fact]
    public async Task Bad_rows_fail_the_load_roll_back_the_transaction_and_stay_in_sys_load_error_detail()
    {
        await using var harness = await StartAsync(postgres);
        harness.UseInMemoryS3().Put("bucket", "bad.csv", "1,ok\nnot-a-number,bad\n");
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await CopyAsync(connection, "INSERT INTO events VALUES (100, 'earlier')", transaction);

        var error = await Assert.ThrowsAsync<PostgresException>(() => CopyAsync(connection, $"COPY events FROM 's3://bucket/bad.csv' {Role} CSV", transaction));

        Assert.Equal("XX000", error.SqlState);
        Assert.Equal(LoadFailed, error.MessageText);
        Assert.Equal(0, await harness.AdminScalarAsync("SELECT count(*) FROM events"));
        Assert.Equal(1, await harness.AdminScalarAsync(
            "SELECT count(*) FROM sys_load_error_detail WHERE file_name = 's3://bucket/bad.csv' AND line_number = 2 AND column_name = 'id'"));
    }

    [Fact]
    public async Task Maxerror_tolerates_bad_rows_and_counts_only_loaded_ones()
    {
        await using var harness = await StartAsync(postgres);
        harness.UseInMemoryS3().Put("bucket", "mixed.csv", "1,ok\nx,bad\n3,ok\n");
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);

        Assert.Equal(2, await CopyAsync(connection, $"COPY events FROM 's3://bucket/mixed.csv' {Role} CSV MAXERROR 1"));

        Assert.Equal(4, await harness.AdminScalarAsync("SELECT sum(id) FROM events"));
        Assert.Equal(1, await harness.AdminScalarAsync("SELECT count(*) FROM sys_load_error_detail"));
    }

    [Fact]
    public async Task Unsupported_option_fails_clearly_without_touching_s3()
    {
        await using var harness = await StartAsync(postgres);
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);

        var error = await Assert.ThrowsAsync<PostgresException>(() => CopyAsync(connection, $"COPY events FROM 's3://bucket/x' {Role} FIXEDWIDTH 'id:4'"));

        Assert.Equal(PostgresErrorCodes.FeatureNotSupported, error.SqlState);
        Assert.Contains("FIXEDWIDTH", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", connection).ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Missing_table_and_missing_objects_fail_like_redshift()
    {
        await using var harness = await StartAsync(postgres);
        harness.UseInMemoryS3();
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);

        var noTable = await Assert.ThrowsAsync<PostgresException>(() => CopyAsync(connection, $"COPY nope FROM 's3://bucket/x' {Role} CSV"));
        Assert.Equal(PostgresErrorCodes.UndefinedTable, noTable.SqlState);

        await using var again = new NpgsqlConnection(harness.AdminThroughProxy);
        await again.OpenAsync(Ct);
        var noObjects = await Assert.ThrowsAsync<PostgresException>(() => CopyAsync(again, $"COPY events FROM 's3://bucket/missing/' {Role} CSV"));
        Assert.Equal("XX000", noObjects.SqlState);
        Assert.Contains("missing/", noObjects.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temporary_iam_user_loads_with_its_own_privileges()
    {
        await using var harness = await StartAsync(postgres);
        harness.UseInMemoryS3().Put("bucket", "a.csv", "7,seven\n");
        var user = RedshiftHarness.UniqueUser("loader");
        var result = await harness.Client.CallAsync("GetClusterCredentials",
            ("ClusterIdentifier", "test-cluster"), ("DbUser", user), ("AutoCreate", "true"));
        var dbUser = result.Element(ControlPlane.RedshiftQueryClient.Ns + "DbUser")!.Value;
        var password = result.Element(ControlPlane.RedshiftQueryClient.Ns + "DbPassword")!.Value;
        await using var connection = new NpgsqlConnection(harness.Cluster.ConnectionString(dbUser, password));
        await connection.OpenAsync(Ct);

        // PUBLIC permissions only: the INSERT the COPY becomes is checked against the user, as Redshift checks COPY.
        var denied = await Assert.ThrowsAsync<PostgresException>(() => CopyAsync(connection, $"COPY events FROM 's3://bucket/a.csv' {Role} CSV"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);

        await harness.AdminExecuteAsync($"GRANT INSERT ON events TO \"{dbUser}\"");
        Assert.Equal(1, await CopyAsync(connection, $"COPY events FROM 's3://bucket/a.csv' {Role} CSV"));
        Assert.Equal(7, await harness.AdminScalarAsync("SELECT sum(id) FROM events"));
    }

    [Fact]
    public async Task Copy_reads_objects_put_through_the_s3_api_and_names_a_missing_one()
    {
        await using var harness = await StartAsync(postgres);
        using var s3 = harness.Server.CreateS3Client();
        await s3.PutBucketAsync("bucket", Ct);
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "bucket", Key = "in/a b.csv", ContentBody = "1,alpha\n2,beta\n" }, Ct);
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);

        Assert.Equal(2, await CopyAsync(connection, $"COPY events FROM 's3://bucket/in/a b.csv' {Role} CSV"));
        Assert.Equal(2, await harness.AdminScalarAsync("SELECT count(*) FROM events"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => CopyAsync(connection, $"COPY events FROM 's3://bucket/nothing-here' {Role} CSV"));
        Assert.Contains("nothing-here", error.MessageText, StringComparison.Ordinal);
    }
}
