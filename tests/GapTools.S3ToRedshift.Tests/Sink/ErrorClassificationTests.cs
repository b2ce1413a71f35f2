using GapTools.S3ToRedshift.Sink;
using Npgsql;

namespace GapTools.S3ToRedshift.Tests.Sink;

/// <summary>
/// The database errors' one classification: permission, missing table and authentication are permanent (never
/// released in a hot loop); refused or dropped connections and maintenance are transient (an outage, ridden out).
/// </summary>
public sealed class ErrorClassificationTests
{
    private static PostgresException Server(string sqlState, string message, string severity = "ERROR") =>
        new(message, severity, severity, sqlState);

    [Theory]
    [InlineData("42501", "permission denied for schema public")]
    [InlineData("42P01", "relation \"public.events\" does not exist")]
    [InlineData("28P01", "password authentication failed for user \"loader\"")]
    [InlineData("28000", "no pg_hba.conf entry")]
    [InlineData("XX000", "S3ServiceException:Access Denied,Status 403")]
    [InlineData("22P02", "invalid input syntax for type integer")]
    public void Permission_missing_table_authentication_and_other_errors_are_permanent(string sqlState, string message) =>
        Assert.Equal(LoadFailureKind.Permanent, NpgsqlRedshiftCopier.Classify(Server(sqlState, message)));

    [Theory]
    [InlineData("57P01", "terminating connection due to administrator command", "FATAL")]
    [InlineData("57P03", "the database system is starting up", "FATAL")]
    [InlineData("08006", "connection failure", "ERROR")]
    [InlineData("53300", "too many connections", "FATAL")]
    [InlineData("40001", "serializable isolation violation", "ERROR")]
    [InlineData("XX000", "node failure: the session ended", "FATAL")]
    public void Outages_of_the_database_are_transient(string sqlState, string message, string severity) =>
        Assert.Equal(LoadFailureKind.Transient, NpgsqlRedshiftCopier.Classify(Server(sqlState, message, severity)));

    [Fact]
    public void Rejected_rows_are_bad_data()
    {
        var error = Server("XX000", "Load into table 'events' failed. Check 'sys_load_error_detail' system table for details.");

        Assert.Equal(LoadFailureKind.BadData, NpgsqlRedshiftCopier.Classify(error));
    }
}
