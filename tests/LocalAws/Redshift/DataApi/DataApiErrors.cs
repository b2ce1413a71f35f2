using System.Net;
using GapTools.LocalAws.Protocols;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>The Data API's errors, with the codes and members of botocore's <c>redshift-data</c> model.</summary>
internal static class DataApiErrors
{
    public static AwsErrorException Validation(string message) => AwsErrorException.Validation(message);

    /// <summary>The constraint message AWS's request validation writes, e.g. for a pattern or a length.</summary>
    public static AwsErrorException Constraint(string member, string? value, string constraint) =>
        Validation($"1 validation error detected: Value {(value is null ? "null" : $"'{value}'")} at '{member}' failed to satisfy constraint: {constraint}");

    public static AwsErrorException QueryNotFound(string id) => WithMember(
        new AwsErrorException("ResourceNotFoundException", "Query does not exist."), "ResourceId", id);

    /// <summary>GetStatementResult for a statement that is not FINISHED or returned no rows.</summary>
    public static AwsErrorException NoResult(string id) => WithMember(
        new AwsErrorException("ResourceNotFoundException", "Query does not have result. Please check query status with DescribeStatement."), "ResourceId", id);

    public static AwsErrorException SecretNotFound(string secretArn) => WithMember(
        new AwsErrorException("ResourceNotFoundException", "Secrets Manager can't find the specified secret."), "ResourceId", secretArn);

    public static AwsErrorException ActiveStatementsExceeded(int limit) =>
        new("ActiveStatementsExceededException", $"Active statements exceeded the allowed quota ({limit}).");

    /// <summary>The statement could not reach the database (a fault: HTTP 500, as the model marks it).</summary>
    public static AwsErrorException Environmental(bool batch, string message, string statementId) => WithMember(
        new AwsErrorException(
            batch ? "BatchExecuteStatementException" : "ExecuteStatementException", message, HttpStatusCode.InternalServerError, senderFault: false),
        "StatementId",
        statementId);

    private static AwsErrorException WithMember(AwsErrorException error, string name, string value)
    {
        error.Details[name] = value;
        return error;
    }
}
