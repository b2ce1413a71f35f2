using System.Diagnostics;
using GapTools.LocalAws.Redshift.Copy;
using GapTools.Testing;
using Npgsql;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

/// <summary>
/// The COPY cost model (<c>--redshift-copy-cost</c>): a COPY waits its statement cost, the commit of a transaction
/// that loaded waits its commit cost, a COPY outside a block pays both, and COPYs into one table run one after the
/// other. Only lower bounds are asserted where time is added (a wait cannot finish early), and one generous upper
/// bound where none is added.
/// </summary>
public sealed class CopyCostTests(PostgresFixture postgres)
{
    private const string Role = "IAM_ROLE 'arn:aws:iam::000000000000:role/loader'";
    private static readonly TimeSpan Statement = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Commit = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("off", 0, 0, 0, 0)]
    [InlineData("typical", 800, 8, 8, 300)]
    [InlineData("statement=1.5s, commit=250ms", 1500, 0, 0, 250)]
    [InlineData("file=2ms,mib=0.5ms", 0, 2, 0.5, 0)]
    public void Parse_reads_the_flag(string text, double statement, double file, double mib, double commit)
    {
        var model = CopyCostModel.Parse(text);

        Assert.Equal(new CopyCostModel(
            TimeSpan.FromMilliseconds(statement), TimeSpan.FromMilliseconds(file), TimeSpan.FromMilliseconds(mib), TimeSpan.FromMilliseconds(commit)), model);
        Assert.Equal(model, CopyCostModel.Parse(model.ToString()));
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("statement=1")]
    [InlineData("rows=1ms")]
    [InlineData("commit=-1ms")]
    public void Parse_names_the_part_it_does_not_understand(string text)
    {
        var error = Assert.Throws<FormatException>(() => CopyCostModel.Parse(text));

        Assert.Contains($"'{text.Split(',')[0]}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_costs_its_statement_files_and_size()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(800 + (8 * 500) + (8 * 2.5)), CopyCostModel.Typical.Copy(files: 500, bytes: 5 * 1048576 / 2));
    }

    [Fact]
    public async Task In_a_transaction_the_copy_pays_the_statement_and_the_commit_pays_the_commit()
    {
        await using var harness = await StartAsync();
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);

        var copy = await TimeAsync(() => CopyAsync(connection, "a", transaction));
        var commit = await TimeAsync(() => transaction.CommitAsync(Ct));

        Assert.True(copy >= Statement, $"COPY took {copy}");
        Assert.True(commit >= Commit, $"COMMIT took {commit}");
        Assert.Equal(2, await harness.AdminScalarAsync("SELECT count(*) FROM events"));
    }

    [Fact]
    public async Task A_copy_outside_a_transaction_pays_its_own_commit()
    {
        await using var harness = await StartAsync();
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);

        var copy = await TimeAsync(() => CopyAsync(connection, "a"));

        Assert.True(copy >= Statement + Commit, $"COPY took {copy}");
    }

    [Fact]
    public async Task A_transaction_without_a_copy_commits_at_postgres_speed()
    {
        await using var harness = await StartAsync();
        await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using (var insert = new NpgsqlCommand("INSERT INTO events VALUES (9, 'nine')", connection, transaction))
        {
            await insert.ExecuteNonQueryAsync(Ct);
        }

        var commit = await TimeAsync(() => transaction.CommitAsync(Ct));

        Assert.True(commit < Commit, $"COMMIT took {commit}, as if it had loaded");
    }

    [Fact]
    public async Task Concurrent_copies_into_one_table_run_one_after_the_other()
    {
        await using var harness = await StartAsync();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(harness.AdminThroughProxy);
            await connection.OpenAsync(Ct);
            await using var transaction = await connection.BeginTransactionAsync(Ct);
            await CopyAsync(connection, "a", transaction);
            await transaction.RollbackAsync(Ct);
        }));

        Assert.True(clock.Elapsed >= 2 * Statement, $"two COPYs took {clock.Elapsed}");
    }

    private async Task<RedshiftHarness> StartAsync()
    {
        var harness = await RedshiftHarness.StartAsync(postgres);
        await harness.AdminExecuteAsync("CREATE TABLE public.events (id int NOT NULL, name varchar(10))");
        harness.UseInMemoryS3().Put("bucket", "in/a.csv", "1,alpha\n2,beta\n");
        harness.Cluster.CopyCost = CopyCostModel.None with { PerStatement = Statement, PerCommit = Commit };
        return harness;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string name, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand($"COPY public.events FROM 's3://bucket/in/{name}.csv' {Role} CSV", connection, transaction);
        Assert.Equal(2, await command.ExecuteNonQueryAsync(Ct));
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }
}
