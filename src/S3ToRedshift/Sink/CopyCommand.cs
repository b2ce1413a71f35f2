using GapTools.Core;
using System.Text;
using GapTools.S3ToRedshift.Routing;

namespace GapTools.S3ToRedshift.Sink;

/// <summary>
/// One Redshift COPY: <c>COPY "schema"."table" FROM 's3://…' &lt;authorization&gt; [MANIFEST] [REGION 'r'] &lt;parameters&gt;</c>.
/// Pure. <see cref="ToSql"/> includes credentials and is for the database only; <see cref="ToString"/> masks them.
/// </summary>
/// <remarks>
/// Without MANIFEST, Redshift reads FROM as a key prefix: <c>s3://b/data/a.json</c> also loads
/// <c>data/a.json.bak</c>. The worker therefore loads through a manifest whenever one is configured.
/// </remarks>
public sealed class CopyCommand
{
    /// <summary>Creates a command. <paramref name="parameters"/> must pass <see cref="CopyParameters.Validate"/>.</summary>
    /// <param name="table">Target table.</param>
    /// <param name="sourceUrl"><c>s3://bucket/key</c> of the manifest or the object (prefix).</param>
    /// <param name="isManifest">True when <paramref name="sourceUrl"/> is a manifest.</param>
    /// <param name="credentials">Authorization clause.</param>
    /// <param name="region">Source bucket region for the REGION clause, or null (same region as the cluster).</param>
    /// <param name="parameters">Format and other parameters, for example <c>JSON 'auto' GZIP</c>, or null.</param>
    public CopyCommand(QualifiedTableName table, string sourceUrl, bool isManifest, CopyCredentials credentials, string? region, string? parameters)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(credentials);
        if (!S3Uri.TryParse(sourceUrl, out _, out _))
        {
            throw new ArgumentException($"'{sourceUrl}' is not an s3://bucket/key URL.", nameof(sourceUrl));
        }

        if (CopyParameters.Validate(parameters) is { } problem)
        {
            throw new ArgumentException($"COPY parameters {problem}.", nameof(parameters));
        }

        Table = table;
        SourceUrl = sourceUrl;
        IsManifest = isManifest;
        Credentials = credentials;
        Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        Parameters = string.IsNullOrWhiteSpace(parameters) ? null : parameters.Trim();

        // Fail here, not in the database, when the URL cannot be a literal (backslash).
        _ = SqlLiteral.Quote(SourceUrl);
    }

    /// <summary>Target table.</summary>
    public QualifiedTableName Table { get; }

    /// <summary>The FROM URL.</summary>
    public string SourceUrl { get; }

    /// <summary>True when FROM names a manifest.</summary>
    public bool IsManifest { get; }

    /// <summary>Authorization clause.</summary>
    public CopyCredentials Credentials { get; }

    /// <summary>REGION clause value, or null.</summary>
    public string? Region { get; }

    /// <summary>Format and other parameters, or null.</summary>
    public string? Parameters { get; }

    /// <summary>The statement to execute (contains credentials when they are keys: never log it).</summary>
    public string ToSql() => Build(Credentials.ToSqlClause());

    /// <summary>The statement with credentials masked, for logs and <c>--dry-run</c>.</summary>
    public override string ToString() => Build(Credentials.ToString());

    private string Build(string authorization)
    {
        var sql = new StringBuilder("COPY ").Append(Table.ToSql())
            .Append(" FROM ").Append(SqlLiteral.Quote(SourceUrl))
            .Append(' ').Append(authorization);
        if (IsManifest)
        {
            sql.Append(" MANIFEST");
        }

        if (Region is not null)
        {
            sql.Append(" REGION ").Append(SqlLiteral.Quote(Region));
        }

        if (Parameters is not null)
        {
            sql.Append(' ').Append(Parameters);
        }

        return sql.ToString();
    }
}
