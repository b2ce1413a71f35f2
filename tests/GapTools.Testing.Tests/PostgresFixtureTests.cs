using Npgsql;

namespace GapTools.Testing.Tests;

public sealed class PostgresFixtureTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Databases_are_isolated_and_accept_copy_from_stdin()
    {
        var first = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        var second = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        Assert.NotEqual(first, second);

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync(Ct);
            await Execute(connection, "CREATE TABLE events (id int PRIMARY KEY, body text)");
            await using (var writer = await connection.BeginTextImportAsync("COPY events (id, body) FROM STDIN (FORMAT csv)", Ct))
            {
                await writer.WriteAsync("1,one\n2,\"two, quoted\"\n3,three\n");
            }

            await using (var importer = await connection.BeginBinaryImportAsync("COPY events (id, body) FROM STDIN (FORMAT binary)", Ct))
            {
                await importer.WriteRowAsync(Ct, 4, "four");
                await importer.CompleteAsync(Ct);
            }

            Assert.Equal(4L, await Scalar(connection, "SELECT count(*) FROM events"));
            Assert.Equal("two, quoted", await Scalar(connection, "SELECT body FROM events WHERE id = 2"));
        }

        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync(Ct);
            Assert.Null(await Scalar(connection, "SELECT to_regclass('public.events')::text"));
        }
    }

    [Fact]
    public async Task Named_database_is_created_with_that_name_and_password_auth_over_tcp()
    {
        var connectionString = await postgres.CreateDatabaseAsync("Mixed \"Case\" db", Ct);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal("127.0.0.1", builder.Host);
        Assert.Equal(postgres.Server.Port, builder.Port);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        Assert.Equal("Mixed \"Case\" db", await Scalar(connection, "SELECT current_database()"));
        Assert.Equal("scram-sha-256", await Scalar(connection, "SELECT auth_method FROM pg_hba_file_rules WHERE address = '127.0.0.1' LIMIT 1"));

        var wrongPassword = new NpgsqlConnectionStringBuilder(connectionString) { Password = "wrong", Pooling = false }.ConnectionString;
        await using var refused = new NpgsqlConnection(wrongPassword);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync(Ct));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task Server_runs_without_durability_settings()
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync(Ct);
        Assert.Equal("off", await Scalar(connection, "SHOW fsync"));
        Assert.Equal("off", await Scalar(connection, "SHOW synchronous_commit"));
        Assert.Equal("off", await Scalar(connection, "SHOW full_page_writes"));
        Assert.Equal("127.0.0.1", await Scalar(connection, "SHOW listen_addresses"));
        Assert.StartsWith(postgres.Server.RootDirectory, (string)(await Scalar(connection, "SHOW unix_socket_directories"))!, StringComparison.Ordinal);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(Ct);
        return value is DBNull ? null : value;
    }
}
