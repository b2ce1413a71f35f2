using System.Globalization;
using System.Text;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// A record after conversion: the values to load, or the error that rejects it. A value error keeps the values of
/// the columns before <see cref="ErrorColumn"/>, so a check of an earlier column can still claim the row: like
/// Redshift, the row reports its leftmost bad column.
/// </summary>
internal sealed record ConvertedRow(SourceRecord Source, IReadOnlyList<string?>? Values, LoadError? Error, int ErrorColumn = -1)
{
    /// <summary>True when column <paramref name="column"/>'s value is known and not yet behind an error.</summary>
    public bool HasValueFor(int column) => Values is not null && (Error is null || ErrorColumn > column);
}

/// <summary>
/// Applies Redshift's load rules that PostgreSQL would not apply by itself (pure: values in, values out):
/// empty fields load as NULL except into character columns; varchar/char lengths count UTF-8 bytes
/// (TRUNCATECOLUMNS cuts instead of rejecting); invalid UTF-8 rejects the row unless ACCEPTINVCHARS replaces it;
/// NULL into a NOT NULL column rejects the row; TIMEFORMAT 'epochsecs'/'epochmillisecs' become timestamps.
/// Whether a non-character value parses as its type is left to PostgreSQL (<see cref="PostgresValueCheck"/>).
/// </summary>
internal static class RowConverter
{
    public static ConvertedRow Convert(SourceRecord record, IReadOnlyList<TargetColumn> columns, CopyStatement statement)
    {
        if (record.Error is not null || record.Values is null)
        {
            return new ConvertedRow(record, null, record.Error);
        }

        var values = new string?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var (value, error) = ConvertValue(record.Values[i], columns[i], statement);
            if (error is not null)
            {
                return new ConvertedRow(record, values, ErrorFor(record, columns[i], error.Value.Code, error.Value.Message, record.Values[i]), i);
            }

            values[i] = value;
        }

        return new ConvertedRow(record, values, null);
    }

    public static LoadError ErrorFor(SourceRecord record, TargetColumn column, int code, string message, string? rawValue) =>
        new(record.File.ToString(), record.LineNumber, code, message, record.RawLine)
        {
            ColumnName = column.Name,
            ColumnType = column.TypeName,
            ColumnLength = column.MaxLength?.ToString(CultureInfo.InvariantCulture),
            RawFieldValue = rawValue is null || rawValue.Length <= SourceRecord.RawLineLimit ? rawValue : rawValue[..SourceRecord.RawLineLimit],
        };

    internal static (string? Value, (int Code, string Message)? Error) ConvertValue(string? value, TargetColumn column, CopyStatement statement)
    {
        if (value is not null && value.AsSpan().IndexOfAny(CopyText.InvalidMarker, '\0') >= 0)
        {
            if (statement.AcceptInvChars is not { } replacement)
            {
                return (null, (LoadErrorCodes.InvalidUtf8, "String contains invalid or unsupported UTF8 codepoints"));
            }

            value = value.Replace(CopyText.InvalidMarker, replacement).Replace('\0', replacement);
        }

        if (value is not null && value.Length == 0 && !column.IsCharacter)
        {
            value = null;
        }

        if (value is null)
        {
            return column.NotNull ? (null, (LoadErrorCodes.MissingNotNull, "Missing data for not-null field")) : (null, null);
        }

        if (column.MaxLength is { } max && Encoding.UTF8.GetByteCount(value) > max)
        {
            return statement.TruncateColumns
                ? (TruncateToBytes(value, max), null)
                : (null, (LoadErrorCodes.ValueOutOfRange, "String length exceeds DDL length"));
        }

        if (column.BaseType is "timestamp" or "timestamptz" && IsEpoch(statement.TimeFormat, out var unitsPerSecond))
        {
            return EpochToTimestamp(value, unitsPerSecond) is { } timestamp
                ? (timestamp, null)
                : (null, (LoadErrorCodes.InvalidTimestamp, $"Invalid timestamp format or value [{statement.TimeFormat}]"));
        }

        return (value, null);
    }

    /// <summary>The longest prefix that fits in <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    internal static string TruncateToBytes(string value, int maxBytes)
    {
        var bytes = 0;
        var end = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return value[..end];
    }

    private static bool IsEpoch(string? timeFormat, out long unitsPerSecond)
    {
        unitsPerSecond = string.Equals(timeFormat, CopyValueFormats.EpochSeconds, StringComparison.OrdinalIgnoreCase) ? 1
            : string.Equals(timeFormat, CopyValueFormats.EpochMilliseconds, StringComparison.OrdinalIgnoreCase) ? 1000
            : 0;
        return unitsPerSecond != 0;
    }

    private static string? EpochToTimestamp(string value, long unitsPerSecond)
    {
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var units))
        {
            return null;
        }

        try
        {
            var ticks = decimal.ToInt64(decimal.Round(units * TimeSpan.TicksPerSecond / unitsPerSecond));
            var utc = DateTime.UnixEpoch.AddTicks(ticks);
            return utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00";
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
