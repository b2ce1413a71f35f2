using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using GapTools.LocalAws.Redshift.Wire;
using GapTools.LocalAws.Tests.Redshift.Fakes;
using GapTools.Testing;
using Npgsql;
using NpgsqlTypes;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

/// <summary>Npgsql through the proxy: everything passes unchanged, COPY from S3 is replaced.</summary>
public sealed class RedshiftWireProxyTests(PostgresFixture postgres)
{
    private const string LoadFailed = "Load into table 't' failed. Check 'sys_load_error_detail' system table for details.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Simple_extended_and_multi_statement_commands_pass_through()
    {
        await using var db = await ProxiedDatabase.CreateAsync(postgres);
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);

        await using (var command = new NpgsqlCommand("CREATE TABLE t (id int, name text); INSERT INTO t VALUES (1, 'a;b'), (2, $$x'y$$)", connection))
        {
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using (var command = new NpgsqlCommand("SELECT name FROM t WHERE id = $1", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = 2 });
            Assert.Equal("x'y", await command.ExecuteScalarAsync(Ct));
        }

        await using (var command = new NpgsqlCommand("SELECT current_database(), current_user", connection))
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal(new NpgsqlConnectionStringBuilder(db.DirectConnectionString).Database, reader.GetString(0));
            Assert.Equal(PostgresServer.SuperUser, reader.GetString(1));
        }

        Assert.Equal(0, db.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Transactions_commit_and_roll_back()
    {
        await using var db = await ProxiedDatabase.CreateAsync(postgres);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);

        await using (var rolledBack = await connection.BeginTransactionAsync(Ct))
        {
            await new NpgsqlCommand("INSERT INTO t VALUES (1)", connection, rolledBack).ExecuteNonQueryAsync(Ct);
            await rolledBack.RollbackAsync(Ct);
        }

        await using (var committed = await connection.BeginTransactionAsync(Ct))
        {
            await new NpgsqlCommand("INSERT INTO t VALUES (2)", connection, committed).ExecuteNonQueryAsync(Ct);
            await committed.CommitAsync(Ct);
        }

        Assert.Equal(2, await db.DirectScalarAsync("SELECT sum(id) FROM t"));
    }

    [Fact]
    public async Task Npgsql_binary_copy_from_stdin_and_copy_to_stdout_pass_through()
    {
        await using var db = await ProxiedDatabase.CreateAsync(postgres);
        await db.DirectExecuteAsync("CREATE TABLE t (id int, payload text)");
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);

        // Enough data to span many socket reads, so CopyData is relayed in pieces.
        const int Rows = 20_000;
        await using (var import = await connection.BeginBinaryImportAsync("COPY t (id, payload) FROM STDIN (FORMAT BINARY)", Ct))
        {
            for (var i = 0; i < Rows; i++)
            {
                await import.StartRowAsync(Ct);
                await import.WriteAsync(i, NpgsqlDbType.Integer, Ct);
                await import.WriteAsync(new string('x', 100), NpgsqlDbType.Text, Ct);
            }

            Assert.Equal((ulong)Rows, await import.CompleteAsync(Ct));
        }

        Assert.Equal(Rows, await db.DirectScalarAsync("SELECT count(*) FROM t"));
        using var export = await connection.BeginTextExportAsync("COPY (SELECT id FROM t ORDER BY id LIMIT 3) TO STDOUT", Ct);
        Assert.Equal("0\n1\n2\n", await export.ReadToEndAsync(Ct));
        Assert.Equal(0, db.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Copy_from_s3_is_replaced_and_answers_with_a_copy_tag()
    {
        var rewriter = new FakeCopyRewriter(_ => "INSERT INTO \"public\".\"t\" (\"id\") VALUES (1),(2),(3)");
        await using var db = await ProxiedDatabase.CreateAsync(postgres, rewriter);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);

        const string Copy = "COPY t FROM 's3://bucket/key.csv' IAM_ROLE 'arn:aws:iam::000000000000:role/load' CSV";
        var affected = await new NpgsqlCommand(Copy, connection).ExecuteNonQueryAsync(Ct);

        Assert.Equal(3, affected);
        Assert.Equal(6, await db.DirectScalarAsync("SELECT sum(id) FROM t"));
        Assert.Equal(1, db.Proxy.InterceptedCopyCount);
        var (sql, session) = Assert.Single(rewriter.Calls);
        Assert.Equal(Copy, sql);
        Assert.Equal(new NpgsqlConnectionStringBuilder(db.DirectConnectionString).Database, session.Database);
        Assert.Equal(PostgresServer.SuperUser, session.User);
    }

    [Fact]
    public async Task Copy_of_zero_rows_answers_copy_0()
    {
        var rewriter = new FakeCopyRewriter(_ => "INSERT INTO \"public\".\"t\" (\"id\") SELECT NULL WHERE false");
        await using var db = await ProxiedDatabase.CreateAsync(postgres, rewriter);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);

        Assert.Equal(0, await new NpgsqlCommand("COPY t FROM 's3://bucket/empty/' IAM_ROLE 'r' CSV", connection).ExecuteNonQueryAsync(Ct));
    }

    [Fact]
    public async Task Copy_in_a_batch_only_changes_its_own_tag()
    {
        var rewriter = new FakeCopyRewriter(_ => "INSERT INTO t VALUES (10),(20)");
        await using var db = await ProxiedDatabase.CreateAsync(postgres, rewriter);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("INSERT INTO t VALUES (1)"),
                new NpgsqlBatchCommand("COPY t FROM 's3://b/k' IAM_ROLE 'r'"),
                new NpgsqlBatchCommand("INSERT INTO t VALUES (2), (3), (4)"),
            },
        };
        await batch.ExecuteNonQueryAsync(Ct);

        Assert.Equal(1, batch.BatchCommands[0].RecordsAffected);
        Assert.Equal(2, batch.BatchCommands[1].RecordsAffected);
        Assert.Equal(3, batch.BatchCommands[2].RecordsAffected);
        Assert.Equal(6, await db.DirectScalarAsync("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Failed_copy_raises_redshifts_error_and_the_transaction_is_lost()
    {
        var rewriter = new FakeCopyRewriter(_ => CopyFailureSql.Raise(CopyFailureSql.LoadFailed, LoadFailed));
        await using var db = await ProxiedDatabase.CreateAsync(postgres, rewriter);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await new NpgsqlCommand("INSERT INTO t VALUES (1)", connection, transaction).ExecuteNonQueryAsync(Ct);

        var error = await Assert.ThrowsAsync<PostgresException>(
            () => new NpgsqlCommand("COPY t FROM 's3://b/bad.csv' IAM_ROLE 'r' CSV", connection, transaction).ExecuteNonQueryAsync(Ct));
        Assert.Equal("XX000", error.SqlState);
        Assert.Equal(LoadFailed, error.MessageText);
        Assert.False(error.IsTransient);

        // Npgsql treats SQLSTATE class XX as fatal to the connection and closes it, exactly as it does when
        // Redshift reports a failed load; the server then rolls the whole transaction back.
        Assert.Equal(System.Data.ConnectionState.Broken, connection.FullState);
        Assert.Equal(0, await db.DirectScalarAsync("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Unsupported_copy_fails_the_statement_and_commit_rolls_back()
    {
        var rewriter = new FakeCopyRewriter(_ => CopyFailureSql.Raise(CopyFailureSql.Unsupported, "COPY option FIXEDWIDTH is not supported by the stand-in."));
        await using var db = await ProxiedDatabase.CreateAsync(postgres, rewriter);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await new NpgsqlCommand("INSERT INTO t VALUES (1)", connection, transaction).ExecuteNonQueryAsync(Ct);

        var error = await Assert.ThrowsAsync<PostgresException>(
            () => new NpgsqlCommand("COPY t FROM 's3://b/k' IAM_ROLE 'r' FIXEDWIDTH 'a:1'", connection, transaction).ExecuteNonQueryAsync(Ct));
        Assert.Equal(PostgresErrorCodes.FeatureNotSupported, error.SqlState);
        Assert.Equal("COPY option FIXEDWIDTH is not supported by the stand-in.", error.MessageText);

        // The transaction is aborted server-side: further statements fail and COMMIT rolls back.
        var aborted = await Assert.ThrowsAsync<PostgresException>(
            () => new NpgsqlCommand("INSERT INTO t VALUES (2)", connection, transaction).ExecuteNonQueryAsync(Ct));
        Assert.Equal(PostgresErrorCodes.InFailedSqlTransaction, aborted.SqlState);
        await transaction.CommitAsync(Ct);

        Assert.Equal(0, await db.DirectScalarAsync("SELECT count(*) FROM t"));
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", connection).ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Failed_copy_makes_commit_roll_back_for_a_client_that_keeps_the_connection()
    {
        var rewriter = new FakeCopyRewriter(_ => CopyFailureSql.Raise(CopyFailureSql.LoadFailed, LoadFailed));
        await using var db = await ProxiedDatabase.CreateAsync(postgres, rewriter);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");

        // psql (libpq) keeps the session after an ERROR, so COMMIT reaches the server and answers ROLLBACK.
        var output = await Psql.RunScriptAsync(
            db.ProxyConnectionString,
            "BEGIN;\nINSERT INTO t VALUES (1);\nCOPY t FROM 's3://b/bad.csv' IAM_ROLE 'r' CSV;\nCOMMIT;\n");

        Assert.Contains(LoadFailed, output.Errors, StringComparison.Ordinal);
        Assert.Contains("ROLLBACK", output.Output, StringComparison.Ordinal);
        Assert.Equal(0, await db.DirectScalarAsync("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Proxy_without_a_cluster_fails_copy_from_s3_clearly()
    {
        await using var db = await ProxiedDatabase.CreateAsync(postgres);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);

        var error = await Assert.ThrowsAsync<PostgresException>(
            () => new NpgsqlCommand("COPY t FROM 's3://b/k' IAM_ROLE 'r'", connection).ExecuteNonQueryAsync(Ct));
        Assert.Equal(PostgresErrorCodes.FeatureNotSupported, error.SqlState);
        Assert.Contains("AttachCluster", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translator_failure_fails_the_statement_instead_of_the_connection()
    {
        var rewriter = new FakeCopyRewriter(_ => throw new InvalidOperationException("boom"));
        await using var db = await ProxiedDatabase.CreateAsync(postgres, rewriter);
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);

        var error = await Assert.ThrowsAsync<PostgresException>(
            () => new NpgsqlCommand("COPY t FROM 's3://b/k' IAM_ROLE 'r'", connection).ExecuteNonQueryAsync(Ct));
        Assert.Equal("XX000", error.SqlState);
        Assert.Contains("boom", error.MessageText, StringComparison.Ordinal);
        await using var next = await db.Proxied.OpenConnectionAsync(Ct);
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", next).ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Simple_query_protocol_from_psql_is_rewritten_per_statement()
    {
        var rewriter = new FakeCopyRewriter(_ => "INSERT INTO t VALUES (7),(8),(9)");
        await using var db = await ProxiedDatabase.CreateAsync(postgres, rewriter);
        await db.DirectExecuteAsync("CREATE TABLE t (id int)");

        // psql sends -c text as one simple Query message, so this exercises the statement splitter and the tags.
        var output = await Psql.RunAsync(db.ProxyConnectionString, "SELECT 'a;b'; COPY t FROM 's3://b/k' IAM_ROLE 'r'; SELECT count(*) FROM t");

        Assert.Contains("COPY 3", output, StringComparison.Ordinal);
        Assert.Equal(3, await db.DirectScalarAsync("SELECT count(*) FROM t"));
        Assert.Equal(1, db.Proxy.InterceptedCopyCount);
    }

    [Fact]
    public async Task Cancel_request_is_forwarded_to_the_server()
    {
        await using var db = await ProxiedDatabase.CreateAsync(postgres);
        await using var connection = await db.Proxied.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT pg_sleep(30)", connection);

        var running = command.ExecuteNonQueryAsync(Ct);
        await Eventually.WaitForAsync(() => db.DirectScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'"));
        command.Cancel();

        // Npgsql reports a cancelled command as OperationCanceledException wrapping the server's 57014.
        var cancelled = await Assert.ThrowsAsync<OperationCanceledException>(() => running);
        Assert.Equal(PostgresErrorCodes.QueryCanceled, Assert.IsType<PostgresException>(cancelled.InnerException).SqlState);
    }

    [Fact]
    public async Task Gss_and_ssl_encryption_requests_are_declined_then_startup_reaches_the_server()
    {
        await using var db = await ProxiedDatabase.CreateAsync(postgres);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(db.Proxy.Host, db.Proxy.Port, Ct);
        var reply = new byte[1];

        foreach (var code in (int[])[PgWire.GssEncRequestCode, PgWire.SslRequestCode])
        {
            var request = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(request, 8);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(4), code);
            await socket.SendAsync(request, Ct);
            Assert.Equal(1, await socket.ReceiveAsync(reply, Ct));
            Assert.Equal((byte)'N', reply[0]);
        }

        var parameters = Encoding.UTF8.GetBytes($"user\0{PostgresServer.SuperUser}\0database\0postgres\0\0");
        var startup = new byte[8 + parameters.Length];
        BinaryPrimitives.WriteInt32BigEndian(startup, startup.Length);
        BinaryPrimitives.WriteInt32BigEndian(startup.AsSpan(4), PgWire.ProtocolVersion3);
        parameters.CopyTo(startup, 8);
        await socket.SendAsync(startup, Ct);

        // The server answers with an authentication request (SCRAM), relayed unchanged.
        Assert.Equal(1, await socket.ReceiveAsync(reply, Ct));
        Assert.Equal((byte)'R', reply[0]);
    }
}
