using System.Diagnostics;
using System.Globalization;
using GapTools.LocalAws.Redshift.Copy;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Copy;

/// <summary>A fresh PostgreSQL database with an open session, an in-memory S3 store and the COPY executor.</summary>
internal sealed class CopyDatabase : IAsyncDisposable
{
    private CopyDatabase(string connectionString, NpgsqlConnection connection)
    {
        ConnectionString = connectionString;
        Connection = connection;
        Executor = new CopyExecutor(Objects);
    }

    public string ConnectionString { get; }

    public NpgsqlConnection Connection { get; }

    public InMemoryS3ObjectSource Objects { get; } = new();

    public CopyExecutor Executor { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<CopyDatabase> CreateAsync(PostgresFixture postgres)
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        return new CopyDatabase(connectionString, connection);
    }

    public async Task ExecuteAsync(string sql, NpgsqlConnection? connection = null)
    {
        await using var command = new NpgsqlCommand(sql, connection ?? Connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, Connection);
        var value = await command.ExecuteScalarAsync(Ct);
        return value is DBNull ? null : value;
    }

    /// <summary>Rows as text (NULL → null), from a fresh connection so aborted transactions on the session don't matter.</summary>
    public async Task<List<string?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string?[]>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray());
        }

        return rows;
    }

    /// <summary>Rows visible to other sessions (committed).</summary>
    public async Task<long> CountAsync(string table) =>
        long.Parse((await RowsAsync($"SELECT count(*) FROM {table}"))[0][0]!, CultureInfo.InvariantCulture);

    /// <summary>Parses (must be a valid COPY from S3) and executes on the session.</summary>
    public Task<long> CopyAsync(string sql)
    {
        Assert.True(CopyStatementParser.TryParseDetailed(sql, out CopyStatement? statement, out CopyParseError? error), error?.Message);
        return Executor.ExecuteAsync(statement!, Connection, Ct);
    }

    /// <summary>What a front does with any COPY: execute it, or fail the statement with the parse error.</summary>
    public async Task<long> RunCopyLikeAFrontAsync(string sql)
    {
        if (CopyStatementParser.TryParseDetailed(sql, out CopyStatement? statement, out CopyParseError? error))
        {
            return await Executor.ExecuteAsync(statement!, Connection, Ct);
        }

        Assert.False(error!.IsNotCopyFromS3);
        await CopyExecutor.RaiseAsync(Connection, error.Message, error.SqlState, Ct);
        return -1;
    }

    /// <summary>Compresses with the system tool (an encoder independent of the decoder under test).</summary>
    public static async Task<byte[]> CompressWithToolAsync(string tool, byte[] data)
    {
        var startInfo = new ProcessStartInfo(tool, "-c") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(startInfo)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is needed to build the test data; scripts/test.sh installs it with apt.", e);
        }

        using (process)
        {
            var output = new MemoryStream();
            var copyOut = process.StandardOutput.BaseStream.CopyToAsync(output, Ct);
            await process.StandardInput.BaseStream.WriteAsync(data, Ct);
            process.StandardInput.Close();
            await copyOut;
            await process.WaitForExitAsync(Ct);
            Assert.Equal(0, process.ExitCode);
            return output.ToArray();
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
