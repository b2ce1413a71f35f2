namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// The authorization clause of a COPY. <see cref="ToString"/> never shows a secret; only
/// <see cref="ToSqlClause"/> does, and its result must not be logged.
/// </summary>
public abstract class CopyCredentials
{
    private protected CopyCredentials()
    {
    }

    /// <summary><c>IAM_ROLE 'arn'</c>: the cluster assumes the role (recommended; nothing secret in the SQL).</summary>
    public static CopyCredentials IamRole(string roleArn) => new IamRoleCredentials(roleArn);

    /// <summary><c>CREDENTIALS 'aws_access_key_id=…;aws_secret_access_key=…[;token=…]'</c> from the worker's own credentials.</summary>
    public static CopyCredentials AccessKey(string accessKeyId, string secretAccessKey, string? sessionToken) =>
        new AccessKeyCredentials(accessKeyId, secretAccessKey, sessionToken);

    /// <summary>The clause with secrets, for the SQL sent to Redshift only.</summary>
    public abstract string ToSqlClause();

    /// <summary>The clause with secrets replaced by <c>****</c>.</summary>
    public abstract override string ToString();

    private sealed class IamRoleCredentials : CopyCredentials
    {
        private readonly string _arn;

        public IamRoleCredentials(string arn)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(arn);
            _arn = arn;
        }

        public override string ToSqlClause() => "IAM_ROLE " + SqlLiteral.Quote(_arn);

        // A role ARN is not a secret and helps whoever reads the log.
        public override string ToString() => ToSqlClause();
    }

    private sealed class AccessKeyCredentials : CopyCredentials
    {
        private readonly string _id;
        private readonly string _secret;
        private readonly string? _token;

        public AccessKeyCredentials(string id, string secret, string? token)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(id);
            ArgumentException.ThrowIfNullOrWhiteSpace(secret);
            foreach (var part in (string?[])[id, secret, token])
            {
                if (part is not null && (part.Contains(';', StringComparison.Ordinal) || part.Contains('\'', StringComparison.Ordinal)))
                {
                    throw new ArgumentException("AWS credentials must not contain ';' or a quote.");
                }
            }

            _id = id;
            _secret = secret;
            _token = string.IsNullOrEmpty(token) ? null : token;
        }

        public override string ToSqlClause() =>
            "CREDENTIALS " + SqlLiteral.Quote($"aws_access_key_id={_id};aws_secret_access_key={_secret}" + (_token is null ? "" : $";token={_token}"));

        public override string ToString() => "CREDENTIALS '****'";
    }
}
