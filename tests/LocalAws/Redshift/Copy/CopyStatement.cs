using System.Globalization;
using System.Text;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>A Redshift <c>COPY … FROM 's3://…'</c> as parsed by <see cref="CopyStatementParser"/>.</summary>
internal sealed record CopyStatement
{
    public required CopyTableName Table { get; init; }

    /// <summary>Target columns in load order; empty means every column of the table in table order.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Key prefix to load, or the manifest object when <see cref="Manifest"/> is set.</summary>
    public required S3Url Source { get; init; }

    public required CopyCredentials Credentials { get; init; }

    public bool Manifest { get; init; }

    public string? Region { get; init; }

    /// <summary>Defaults to Redshift's default: pipe-delimited text.</summary>
    public CopyFormat Format { get; init; } = new DelimitedFormat();

    public CopyCompression Compression { get; init; }

    public string? TimeFormat { get; init; }

    public string? DateFormat { get; init; }

    /// <summary>Bad rows tolerated before the load fails (Redshift: 0 by default, at most 100000).</summary>
    public int MaxError { get; init; }

    /// <summary>Replacement for invalid UTF-8 when ACCEPTINVCHARS is given ('?' by default); null when not given.</summary>
    public char? AcceptInvChars { get; init; }

    public bool TruncateColumns { get; init; }

    public bool? CompUpdate { get; init; }

    public bool? StatUpdate { get; init; }

    /// <summary>The statement as COPY SQL with credentials masked, for logs and messages.</summary>
    public override string ToString()
    {
        var sql = new StringBuilder("COPY ").Append(Table);
        if (Columns.Count > 0)
        {
            sql.Append(" (").AppendJoin(", ", Columns.Select(SqlText.DisplayIdentifier)).Append(')');
        }

        sql.Append(" FROM ").Append(SqlText.Literal(Source.ToString())).Append(' ').Append(Credentials);
        Append(sql, Manifest, "MANIFEST");
        Append(sql, Region, "REGION");
        sql.Append(' ').Append(Format);
        Append(sql, Compression != CopyCompression.None, Compression.ToString().ToUpperInvariant());
        Append(sql, TimeFormat, "TIMEFORMAT");
        Append(sql, DateFormat, "DATEFORMAT");
        Append(sql, MaxError != 0, string.Create(CultureInfo.InvariantCulture, $"MAXERROR {MaxError}"));
        Append(sql, AcceptInvChars is not null, $"ACCEPTINVCHARS {SqlText.Literal(AcceptInvChars.ToString()!)}");
        Append(sql, TruncateColumns, "TRUNCATECOLUMNS");
        Append(sql, CompUpdate is not null, CompUpdate == true ? "COMPUPDATE ON" : "COMPUPDATE OFF");
        Append(sql, StatUpdate is not null, StatUpdate == true ? "STATUPDATE ON" : "STATUPDATE OFF");
        return sql.ToString();
    }

    private static void Append(StringBuilder sql, bool condition, string text)
    {
        if (condition)
        {
            sql.Append(' ').Append(text);
        }
    }

    private static void Append(StringBuilder sql, string? value, string keyword)
    {
        if (value is not null)
        {
            sql.Append(' ').Append(keyword).Append(' ').Append(SqlText.Literal(value));
        }
    }
}

/// <summary>[schema.]table as PostgreSQL reads it: unquoted names folded to lower case, quoted names kept.</summary>
internal sealed record CopyTableName(string? Schema, string Name)
{
    public override string ToString() =>
        Schema is null ? SqlText.DisplayIdentifier(Name) : $"{SqlText.DisplayIdentifier(Schema)}.{SqlText.DisplayIdentifier(Name)}";
}

internal enum CopyCredentialsKind
{
    IamRole,
    Credentials,
}

/// <summary>How the COPY authorises S3 access. The stand-in does not check it, but never prints it.</summary>
internal sealed record CopyCredentials(CopyCredentialsKind Kind, string Value)
{
    public override string ToString() => Kind switch
    {
        CopyCredentialsKind.IamRole when string.Equals(Value, "default", StringComparison.OrdinalIgnoreCase) => "IAM_ROLE default",
        CopyCredentialsKind.IamRole => "IAM_ROLE '****'",
        _ => "CREDENTIALS '****'",
    };
}

internal enum CopyCompression
{
    None,
    Gzip,
    Bzip2,
    Zstd,
}

internal abstract record CopyFormat;

/// <summary>FORMAT CSV: RFC 4180-style quoting with a configurable delimiter and quote character.</summary>
internal sealed record CsvFormat : CopyFormat
{
    public char Delimiter { get; init; } = CopyDefaults.CsvDelimiter;

    public char Quote { get; init; } = CopyDefaults.CsvQuote;

    public int IgnoreHeader { get; init; }

    /// <summary>An unquoted field equal to this loads as NULL.</summary>
    public string? Null { get; init; }

    public override string ToString() =>
        "FORMAT AS CSV" + CopyDefaults.Render(Delimiter, CopyDefaults.CsvDelimiter, "DELIMITER")
        + CopyDefaults.Render(Quote, CopyDefaults.CsvQuote, "QUOTE") + CopyDefaults.Render(IgnoreHeader, Null);
}

/// <summary>Redshift's default format: character-delimited text without quoting ('|' unless DELIMITER is given).</summary>
internal sealed record DelimitedFormat : CopyFormat
{
    public char Delimiter { get; init; } = CopyDefaults.TextDelimiter;

    public int IgnoreHeader { get; init; }

    /// <summary>A field equal to this loads as NULL; Redshift's default is <c>\N</c>.</summary>
    public string Null { get; init; } = CopyDefaults.TextNull;

    public override string ToString() =>
        "DELIMITER " + SqlText.Literal(Delimiter.ToString()) + CopyDefaults.Render(IgnoreHeader, Null == CopyDefaults.TextNull ? null : Null);
}

internal enum JsonMode
{
    /// <summary>'auto': object keys match column names exactly.</summary>
    Auto,

    /// <summary>'auto ignorecase': object keys match column names ignoring case.</summary>
    AutoIgnoreCase,

    /// <summary>'s3://…': a JSONPaths file picks one value per column.</summary>
    JsonPaths,
}

internal sealed record JsonFormat(JsonMode Mode, S3Url? JsonPaths = null) : CopyFormat
{
    public override string ToString() => Mode switch
    {
        JsonMode.Auto => "FORMAT AS JSON 'auto'",
        JsonMode.AutoIgnoreCase => "FORMAT AS JSON 'auto ignorecase'",
        _ => $"FORMAT AS JSON {SqlText.Literal(JsonPaths!.ToString())}",
    };
}

internal static class CopyDefaults
{
    public const char CsvDelimiter = ',';
    public const char CsvQuote = '"';
    public const char TextDelimiter = '|';
    public const string TextNull = "\\N";
    public const char InvalidCharReplacement = '?';

    /// <summary>Redshift's upper limit for MAXERROR.</summary>
    public const int MaxErrorLimit = 100_000;

    internal static string Render(char value, char defaultValue, string keyword) =>
        value == defaultValue ? string.Empty : $" {keyword} {SqlText.Literal(value.ToString())}";

    internal static string Render(int ignoreHeader, string? nullAs) =>
        (ignoreHeader == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" IGNOREHEADER {ignoreHeader}"))
        + (nullAs is null ? string.Empty : $" NULL AS {SqlText.Literal(nullAs)}");
}
