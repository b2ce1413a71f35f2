namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>One rejected row, shaped like a row of Redshift's <c>sys_load_error_detail</c>.</summary>
internal sealed record LoadError(string FileName, long LineNumber, int ErrorCode, string ErrorMessage, string RawLine)
{
    public string? ColumnName { get; init; }

    public string? ColumnType { get; init; }

    public string? ColumnLength { get; init; }

    public string? RawFieldValue { get; init; }
}

/// <summary>Redshift's load error codes (the "Load error reference" of STL_LOAD_ERRORS) that the stand-in reports.</summary>
internal static class LoadErrorCodes
{
    public const int Unknown = 1200;
    public const int ExtraColumns = 1202;
    public const int ValueOutOfRange = 1204;
    public const int InvalidDate = 1205;
    public const int InvalidTimestamp = 1206;
    public const int InvalidDigit = 1207;
    public const int InvalidFloat = 1208;
    public const int InvalidDecimal = 1209;
    public const int InvalidBoolean = 1210;
    public const int MissingNotNull = 1213;
    public const int DelimiterNotFound = 1214;
    public const int InvalidInputLine = 1216;
    public const int InvalidUtf8 = 1220;

    /// <summary>The code Redshift would use for a value PostgreSQL rejected, by the column's base type.</summary>
    public static int ForType(string baseType) => baseType switch
    {
        "int2" or "int4" or "int8" => InvalidDigit,
        "float4" or "float8" => InvalidFloat,
        "numeric" => InvalidDecimal,
        "bool" => InvalidBoolean,
        "date" => InvalidDate,
        "timestamp" or "timestamptz" or "time" or "timetz" => InvalidTimestamp,
        _ => Unknown,
    };
}

/// <summary>One record read from a file: values in target-column order, or why the record could not be split.</summary>
internal sealed record SourceRecord(S3Url File, long LineNumber, string RawLine, IReadOnlyList<string?>? Values, LoadError? Error)
{
    /// <summary>Redshift keeps the first 1024 characters of a rejected line.</summary>
    public const int RawLineLimit = 1024;

    public static SourceRecord Rejected(S3Url file, long lineNumber, string rawLine, int code, string message) =>
        new(file, lineNumber, rawLine, null, new LoadError(file.ToString(), lineNumber, code, message, rawLine));
}
