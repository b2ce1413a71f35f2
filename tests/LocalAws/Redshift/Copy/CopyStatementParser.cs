using System.Globalization;

namespace GapTools.LocalAws.Redshift.Copy;

/// <summary>
/// Parses the Redshift COPY subset the stand-in executes:
/// <c>COPY [schema.]table [(col, …)] FROM 's3://…' IAM_ROLE 'arn' | CREDENTIALS '…' [options]</c>.
/// SQL that is not a COPY from S3 is reported as such (the proxy passes it through); a COPY from S3 that uses an
/// option the stand-in does not implement fails with a clear error rather than loading differently from Redshift.
/// </summary>
internal static class CopyStatementParser
{
    /// <summary>Parses <paramref name="sql"/>; on false, <paramref name="error"/> is "not a COPY FROM S3" or the reason it is invalid.</summary>
    public static bool TryParse(string sql, out CopyStatement? statement, out string? error)
    {
        var ok = TryParseDetailed(sql, out statement, out CopyParseError? parseError);
        error = parseError?.Message;
        return ok;
    }

    /// <summary>As <see cref="TryParse(string, out CopyStatement?, out string?)"/>, with the SQLSTATE to fail the statement with.</summary>
    public static bool TryParseDetailed(string sql, out CopyStatement? statement, out CopyParseError? error)
    {
        ArgumentNullException.ThrowIfNull(sql);
        statement = null;

        // Unterminated literals or anything that is not COPY … FROM 's3://…' belongs to PostgreSQL.
        var tokens = SqlTokenizer.Tokenize(sql, out _);
        if (tokens is null || !IsCopyFromS3(tokens))
        {
            error = CopyParseError.NotCopyFromS3;
            return false;
        }

        try
        {
            statement = new Parser(tokens).Parse();
            error = null;
            return true;
        }
        catch (CopyParseException e)
        {
            error = e.Error;
            return false;
        }
    }

    private static bool IsCopyFromS3(IReadOnlyList<SqlToken> tokens)
    {
        if (!tokens[0].IsWord("COPY"))
        {
            return false;
        }

        for (var i = 1; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].IsWord("FROM"))
            {
                return tokens[i + 1].Kind == SqlTokenKind.String && tokens[i + 1].Text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    private sealed class CopyParseException(CopyParseError error) : Exception(error.Message)
    {
        public CopyParseError Error { get; } = error;
    }

    private sealed class Parser(IReadOnlyList<SqlToken> tokens)
    {
        /// <summary>Redshift COPY parameters this stand-in does not implement: named so the error says so.</summary>
        private static readonly HashSet<string> KnownUnsupported = new(StringComparer.OrdinalIgnoreCase)
        {
            "ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "SESSION_TOKEN", "ENCRYPTED", "MASTER_SYMMETRIC_KEY", "SSH",
            "FIXEDWIDTH", "AVRO", "PARQUET", "ORC", "SHAPEFILE", "LZOP", "ESCAPE", "REMOVEQUOTES", "EMPTYASNULL",
            "BLANKSASNULL", "ENCODING", "FILLRECORD", "IGNOREBLANKLINES", "TRIMBLANKS", "ROUNDEC", "EXPLICIT_IDS",
            "NOLOAD", "ACCEPTANYDATE", "IGNOREALLERRORS", "COMPROWS", "READRATIO", "SERIALIZETOJSON", "SIMPLIFY",
        };

        private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
        private int _position;

        private string? _formatKeyword;
        private char? _delimiter;
        private char? _quote;
        private int? _ignoreHeader;
        private string? _nullAs;
        private JsonFormat? _json;

        private SqlToken Current => tokens[_position];

        public CopyStatement Parse()
        {
            ExpectWord("COPY");
            var table = ParseTableName();
            var columns = Current.IsSymbol('(') ? ParseColumnList() : [];
            ExpectWord("FROM");
            var source = ParseS3Url(ExpectString(), "FROM");

            // Credentials are checked after the option loop, where their absence gets its own message.
            var statement = new CopyStatement { Table = table, Columns = columns, Source = source, Credentials = null! };
            while (Current.Kind != SqlTokenKind.End && !Current.IsSymbol(';'))
            {
                statement = ParseOption(statement);
            }

            if (Current.IsSymbol(';'))
            {
                _position++;
            }

            if (Current.Kind != SqlTokenKind.End)
            {
                throw Fail(CopyParseError.Invalid("COPY from S3 must be sent as a single statement"));
            }

            if (statement.Credentials is null)
            {
                throw Fail(CopyParseError.Invalid("COPY from S3 needs credentials: IAM_ROLE 'arn:…' or CREDENTIALS '…'"));
            }

            return statement with { Format = BuildFormat() };
        }

        private CopyStatement ParseOption(CopyStatement statement)
        {
            var token = Current;
            if (token.Kind != SqlTokenKind.Word)
            {
                throw Fail(CopyParseError.Syntax(token));
            }

            var keyword = token.Text.ToUpperInvariant();
            if (KnownUnsupported.Contains(keyword))
            {
                throw Fail(CopyParseError.Unsupported($"COPY option {keyword} is not supported by the local Redshift stand-in"));
            }

            _position++;
            var option = keyword is "CREDENTIALS" ? "IAM_ROLE" : keyword; // one credentials clause only
            if (!_seen.Add(option))
            {
                throw Fail(CopyParseError.Invalid($"conflicting or redundant options: {keyword}"));
            }

            switch (keyword)
            {
                case "IAM_ROLE":
                    var role = Current.IsWord("DEFAULT") ? Advance().Text.ToLowerInvariant() : ExpectString();
                    return statement with { Credentials = new CopyCredentials(CopyCredentialsKind.IamRole, role) };
                case "CREDENTIALS":
                    SkipAs();
                    return statement with { Credentials = new CopyCredentials(CopyCredentialsKind.Credentials, ExpectString()) };
                case "MANIFEST":
                    return statement with { Manifest = true };
                case "REGION":
                    SkipAs();
                    return statement with { Region = ExpectString() };
                case "FORMAT":
                    SkipAs();
                    ParseFormatKeyword(Advance());
                    return statement;
                case "CSV":
                case "JSON":
                    _seen.Add("FORMAT");
                    ParseFormatKeyword(token);
                    return statement;
                case "DELIMITER":
                    _delimiter = ExpectSingleCharacter(keyword);
                    return statement;
                case "QUOTE":
                    _quote = ExpectSingleCharacter(keyword);
                    return statement;
                case "IGNOREHEADER":
                    SkipAs();
                    _ignoreHeader = ExpectNumber(keyword, int.MaxValue);
                    return statement;
                case "NULL":
                    SkipAs();
                    _nullAs = ExpectString();
                    return statement;
                case "GZIP":
                case "BZIP2":
                case "ZSTD":
                    if (!_seen.Add("compression"))
                    {
                        throw Fail(CopyParseError.Invalid("conflicting or redundant options: only one of GZIP, BZIP2, ZSTD"));
                    }

                    return statement with { Compression = Enum.Parse<CopyCompression>(keyword, ignoreCase: true) };
                case "TIMEFORMAT":
                    SkipAs();
                    return statement with { TimeFormat = ExpectFormatString(keyword, CopyValueFormats.TimeFormats) };
                case "DATEFORMAT":
                    SkipAs();
                    return statement with { DateFormat = ExpectFormatString(keyword, CopyValueFormats.DateFormats) };
                case "MAXERROR":
                    SkipAs();
                    return statement with { MaxError = ExpectNumber(keyword, CopyDefaults.MaxErrorLimit) };
                case "ACCEPTINVCHARS":
                    SkipAs();
                    return statement with
                    {
                        AcceptInvChars = Current.Kind == SqlTokenKind.String ? ExpectSingleCharacter(keyword) : CopyDefaults.InvalidCharReplacement,
                    };
                case "TRUNCATECOLUMNS":
                    return statement with { TruncateColumns = true };
                case "COMPUPDATE":
                    return statement with { CompUpdate = ParseOnOff(allowPreset: true) };
                case "STATUPDATE":
                    return statement with { StatUpdate = ParseOnOff(allowPreset: false) };
                default:
                    throw Fail(CopyParseError.Syntax(token));
            }
        }

        private void ParseFormatKeyword(SqlToken token)
        {
            if (token.IsWord("CSV"))
            {
                _formatKeyword = "CSV";
                if (Current.IsWord("QUOTE"))
                {
                    _position++;
                    if (!_seen.Add("QUOTE"))
                    {
                        throw Fail(CopyParseError.Invalid("conflicting or redundant options: QUOTE"));
                    }

                    _quote = ExpectSingleCharacter("QUOTE");
                }

                return;
            }

            if (token.IsWord("JSON"))
            {
                _formatKeyword = "JSON";
                SkipAs();
                if (Current.Kind != SqlTokenKind.String)
                {
                    throw Fail(CopyParseError.Invalid("JSON needs 'auto', 'auto ignorecase' or the s3:// location of a JSONPaths file"));
                }

                var option = ExpectString();
                _json = option.ToLowerInvariant() switch
                {
                    "auto" => new JsonFormat(JsonMode.Auto),
                    "auto ignorecase" => new JsonFormat(JsonMode.AutoIgnoreCase),
                    _ when S3Url.TryParse(option, out var paths) && paths!.Key.Length > 0 => new JsonFormat(JsonMode.JsonPaths, paths),
                    "noshred" => throw Fail(CopyParseError.Unsupported("JSON 'noshred' (SUPER) is not supported by the local Redshift stand-in")),
                    _ => throw Fail(CopyParseError.Invalid($"invalid JSON option {SqlText.Literal(option)}: use 'auto', 'auto ignorecase' or 's3://bucket/jsonpaths-file'")),
                };
                return;
            }

            if (token.Kind == SqlTokenKind.Word && KnownUnsupported.Contains(token.Text))
            {
                throw Fail(CopyParseError.Unsupported($"FORMAT {token.Text.ToUpperInvariant()} is not supported by the local Redshift stand-in"));
            }

            throw Fail(CopyParseError.Syntax(token));
        }

        private CopyFormat BuildFormat()
        {
            if (_formatKeyword == "JSON")
            {
                foreach (var (given, name) in new[] { (_delimiter is not null, "DELIMITER"), (_quote is not null, "QUOTE"), (_ignoreHeader is not null, "IGNOREHEADER"), (_nullAs is not null, "NULL AS") })
                {
                    if (given)
                    {
                        throw Fail(CopyParseError.Invalid($"{name} cannot be used with JSON"));
                    }
                }

                return _json!;
            }

            if (_formatKeyword == "CSV")
            {
                var csv = new CsvFormat
                {
                    Delimiter = _delimiter ?? CopyDefaults.CsvDelimiter,
                    Quote = _quote ?? CopyDefaults.CsvQuote,
                    IgnoreHeader = _ignoreHeader ?? 0,
                    Null = _nullAs,
                };
                if (csv.Delimiter == csv.Quote)
                {
                    throw Fail(CopyParseError.Invalid("DELIMITER and QUOTE must be different characters"));
                }

                return csv;
            }

            if (_quote is not null)
            {
                throw Fail(CopyParseError.Invalid("QUOTE can only be used with CSV"));
            }

            return new DelimitedFormat
            {
                Delimiter = _delimiter ?? CopyDefaults.TextDelimiter,
                IgnoreHeader = _ignoreHeader ?? 0,
                Null = _nullAs ?? CopyDefaults.TextNull,
            };
        }

        private CopyTableName ParseTableName()
        {
            var first = ExpectIdentifier();
            if (!Current.IsSymbol('.'))
            {
                return new CopyTableName(null, first);
            }

            _position++;
            var second = ExpectIdentifier();
            if (Current.IsSymbol('.'))
            {
                throw Fail(CopyParseError.Unsupported("database-qualified table names are not supported; connect to the database instead"));
            }

            return new CopyTableName(first, second);
        }

        private List<string> ParseColumnList()
        {
            _position++; // (
            var columns = new List<string> { ExpectIdentifier() };
            while (Current.IsSymbol(','))
            {
                _position++;
                columns.Add(ExpectIdentifier());
            }

            if (!Current.IsSymbol(')'))
            {
                throw Fail(CopyParseError.Syntax(Current));
            }

            _position++;
            if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
            {
                throw Fail(CopyParseError.Invalid("a column is named more than once in the COPY column list"));
            }

            return columns;
        }

        /// <summary>PostgreSQL rules: unquoted names fold to lower case, quoted names are taken as written.</summary>
        private string ExpectIdentifier()
        {
            var token = Current;
            switch (token.Kind)
            {
                case SqlTokenKind.Word:
                    _position++;
                    return token.Text.ToLowerInvariant();
                case SqlTokenKind.QuotedIdentifier when token.Text.Length > 0:
                    _position++;
                    return token.Text;
                default:
                    throw Fail(CopyParseError.Syntax(token));
            }
        }

        private static S3Url ParseS3Url(string text, string clause) =>
            S3Url.TryParse(text, out var url)
                ? url!
                : throw Fail(CopyParseError.Invalid($"{clause} needs an s3://bucket/key location, got {SqlText.Literal(text)}"));

        private bool ParseOnOff(bool allowPreset)
        {
            if (Current.Kind != SqlTokenKind.Word)
            {
                return true; // bare COMPUPDATE / STATUPDATE means ON
            }

            switch (Current.Text.ToUpperInvariant())
            {
                case "ON" or "TRUE":
                    _position++;
                    return true;
                case "OFF" or "FALSE":
                    _position++;
                    return false;
                case "PRESET" when allowPreset:
                    _position++;
                    return true;
                default:
                    return true; // the next word is the next option
            }
        }

        private string ExpectFormatString(string keyword, IReadOnlySet<string> supported)
        {
            var value = ExpectString();
            return supported.Contains(value)
                ? value
                : throw Fail(CopyParseError.Unsupported(
                    $"{keyword} {SqlText.Literal(value)} is not supported by the local Redshift stand-in (supported: {string.Join(", ", supported.Order(StringComparer.Ordinal).Select(SqlText.Literal))})"));
        }

        private char ExpectSingleCharacter(string keyword)
        {
            SkipAs();
            var token = Current;
            var value = ExpectString();
            return value.Length == 1 && value[0] is not '\n' and not '\r' and not '\0'
                ? value[0]
                : throw Fail(CopyParseError.Invalid($"{keyword} must be a single character, got {SqlText.Literal(value)} at position {token.Position + 1}"));
        }

        private int ExpectNumber(string keyword, int max)
        {
            var token = Current;
            if (token.Kind != SqlTokenKind.Number)
            {
                throw Fail(CopyParseError.Syntax(token));
            }

            _position++;
            return int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
                ? value
                : throw Fail(CopyParseError.Invalid($"{keyword} must be between 0 and {max.ToString(CultureInfo.InvariantCulture)}"));
        }

        private string ExpectString()
        {
            var token = Current;
            if (token.Kind != SqlTokenKind.String)
            {
                throw Fail(CopyParseError.Syntax(token));
            }

            _position++;
            return token.Text;
        }

        private void ExpectWord(string keyword)
        {
            if (!Current.IsWord(keyword))
            {
                throw Fail(CopyParseError.Syntax(Current));
            }

            _position++;
        }

        private void SkipAs()
        {
            if (Current.IsWord("AS"))
            {
                _position++;
            }
        }

        private SqlToken Advance() => tokens[_position++];

        private static CopyParseException Fail(CopyParseError error) => new(error);
    }
}
