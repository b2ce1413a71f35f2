using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GapTools.S3ToCloudSearch.Conversion;

/// <summary>
/// Converts one JSON document (<c>{"id":…,"type":"add"|"delete","fields":{…}}</c>, properties in any order) into a
/// Search Data Format operation, validated the way the CloudSearch document service validates it: id, type,
/// fields present for add and absent for delete, field names, values (string, number or an array of them) and the
/// 1 MB document limit. Like fujiwara/s32cs: other top-level properties are ignored (and named in
/// <see cref="SdfConversion.IgnoredProperties"/>), <c>id</c>/<c>type</c>/<c>fields</c> match in any letter case,
/// characters XML forbids are stripped from string values and invalid UTF-8 becomes U+FFFD (both counted).
/// </summary>
/// <remarks>
/// Not thread-safe: it reuses its buffers, and <see cref="SdfConversion.Document"/> points into them until the next
/// call. Use one converter per thread.
/// </remarks>
#pragma warning disable CA1001 // The Utf8JsonWriter writes to an ArrayBufferWriter: disposing it would release nothing.
public sealed class SdfConverter
#pragma warning restore CA1001
{
    // Names are compared linearly up to here; beyond, a set (only documents with very many fields pay for it).
    private const int LinearNameCheck = 32;

    // Ignored property names are turned into strings once and remembered, up to this many per converter.
    private const int MaxRememberedNames = 64;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep non-ASCII text as UTF-8: escaping it would inflate documents towards the 1 MB limit.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly int maxDocumentBytes;
    private readonly ArrayBufferWriter<byte> output = new(4096);
    private readonly ArrayBufferWriter<byte> text = new(256);
    private readonly ArrayBufferWriter<byte> quoted = new(256);
    private readonly ArrayBufferWriter<byte> id = new(SdfLimits.MaxIdLength);
    private readonly List<(int Start, int Length)> names = [];
    private readonly ArrayBufferWriter<byte> nameBytes = new(1024);
    private readonly HashSet<string> manyNames = new(StringComparer.Ordinal);
    private readonly List<string> ignored = [];
    private readonly List<(byte[] Utf8, string Text)> ignoredNames = [];
    private readonly Utf8JsonWriter writer;

    /// <summary>Creates a converter enforcing CloudSearch's 1 MB document limit.</summary>
    public SdfConverter()
        : this(SdfLimits.MaxDocumentBytes)
    {
    }

    /// <param name="maxDocumentBytes">Largest serialized operation accepted. Defaults to <see cref="SdfLimits.MaxDocumentBytes"/>.</param>
    public SdfConverter(int maxDocumentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDocumentBytes, 16);
        this.maxDocumentBytes = maxDocumentBytes;
        writer = new Utf8JsonWriter(output, WriterOptions);
    }

    /// <summary>Converts one document (a JSON lines line or one element of a JSON array, UTF-8).</summary>
    public SdfConversion Convert(ReadOnlySpan<byte> json)
    {
        output.ResetWrittenCount();
        writer.Reset(output);
        ignored.Clear();
        try
        {
            return ConvertCore(json);
        }
        catch (JsonException e)
        {
            return SdfConversion.Rejected(string.Create(CultureInfo.InvariantCulture,
                $"not valid JSON at byte {e.BytePositionInLine ?? 0}: {FirstSentence(e.Message)}"), default, ignored);
        }
    }

    private SdfConversion ConvertCore(ReadOnlySpan<byte> json)
    {
        if (!TryReadEnvelope(json, out var envelope, out var error))
        {
            return SdfConversion.Rejected(error, default, ignored);
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, envelope.Type == SdfOperationType.Add ? "add"u8 : "delete"u8);
        writer.WriteString("id"u8, id.WrittenSpan);
        var repairs = default(TextRepairs);
        if (envelope.Type == SdfOperationType.Add)
        {
            writer.WritePropertyName("fields"u8);
            if (!TryWriteFields(json[envelope.Fields], ref repairs, out error))
            {
                return SdfConversion.Rejected(error, repairs, ignored);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        if (output.WrittenCount > maxDocumentBytes)
        {
            return SdfConversion.Rejected(string.Create(CultureInfo.InvariantCulture,
                $"document '{Printable(id.WrittenSpan)}' is {output.WrittenCount:N0} bytes, over CloudSearch's {maxDocumentBytes:N0}-byte document limit"),
                repairs, ignored) with { IsOverSizeLimit = true };
        }

        return new SdfConversion
        {
            Type = envelope.Type,
            StrippedCharacters = repairs.Stripped,
            ReplacedCharacters = repairs.Replaced,
            IgnoredProperties = ignored,
            Document = output.WrittenMemory,
        };
    }

    private bool TryReadEnvelope(ReadOnlySpan<byte> json, out Envelope envelope, out string error)
    {
        envelope = default;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "a document must be a JSON object";
            if (reader.TokenType != JsonTokenType.None)
            {
                reader.Skip();
                reader.Read(); // throws on trailing content, for a precise message
            }

            return false;
        }

        var (hasId, hasType, hasFields) = (false, false, false);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Classify(ref reader, out var name);
            var duplicate = property switch
            {
                EnvelopeProperty.Id => hasId,
                EnvelopeProperty.Type => hasType,
                EnvelopeProperty.Fields => hasFields,
                _ => false,
            };
            if (duplicate)
            {
                error = $"duplicate property '{Printable(name)}'";
                Drain(ref reader);
                return false;
            }

            switch (property)
            {
                case EnvelopeProperty.Id:
                    hasId = true;
                    reader.Read();
                    if (!TryReadId(ref reader, out error))
                    {
                        reader.Skip();
                        Drain(ref reader);
                        return false;
                    }

                    break;
                case EnvelopeProperty.Type:
                    hasType = true;
                    reader.Read();
                    envelope.Type = reader.TokenType != JsonTokenType.String ? SdfOperationType.None
                        : reader.ValueTextEquals("add"u8) ? SdfOperationType.Add
                        : reader.ValueTextEquals("delete"u8) ? SdfOperationType.Delete
                        : SdfOperationType.None;
                    reader.Skip();
                    break;
                case EnvelopeProperty.Fields:
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    var isNull = reader.TokenType == JsonTokenType.Null;
                    reader.Skip();
                    // "fields": null reads as absent (Go's encoding/json, which s32cs users write with, emits it).
                    hasFields = !isNull;
                    envelope.Fields = start..(int)reader.BytesConsumed;
                    break;
                default:
                    // s32cs decodes lines into {id, type, fields} and drops anything else ("version", "_comment"):
                    // so does this, saying which names it dropped.
                    Ignore(name);
                    reader.Read();
                    reader.Skip();
                    break;
            }
        }

        Drain(ref reader);
        error = !hasId ? "missing \"id\""
            : !hasType ? "missing \"type\""
            : envelope.Type == SdfOperationType.None ? "\"type\" must be \"add\" or \"delete\""
            : envelope.Type == SdfOperationType.Add && !hasFields ? "an add operation needs \"fields\""
            : envelope.Type == SdfOperationType.Delete && hasFields ? "a delete operation must not have \"fields\""
            : "";
        return error.Length == 0;
    }

    // Go's encoding/json, which s32cs decodes with, matches a property to a struct field ignoring case ("ID", "Type").
    private EnvelopeProperty Classify(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        name = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            XmlSafeText.Unescape(name, text);
            name = text.WrittenSpan;
        }

        return Ascii.EqualsIgnoreCase(name, "id"u8) ? EnvelopeProperty.Id
            : Ascii.EqualsIgnoreCase(name, "type"u8) ? EnvelopeProperty.Type
            : Ascii.EqualsIgnoreCase(name, "fields"u8) ? EnvelopeProperty.Fields
            : EnvelopeProperty.Other;
    }

    private void Ignore(ReadOnlySpan<byte> name)
    {
        string? known = null;
        foreach (var (utf8, printable) in ignoredNames)
        {
            if (name.SequenceEqual(utf8))
            {
                known = printable;
                break;
            }
        }

        if (known is null)
        {
            known = Printable(name);
            if (ignoredNames.Count < MaxRememberedNames)
            {
                ignoredNames.Add((name.ToArray(), known));
            }
        }

        if (!ignored.Contains(known))
        {
            ignored.Add(known);
        }
    }

    private bool TryReadId(ref Utf8JsonReader reader, out string error)
    {
        error = "";
        if (reader.TokenType != JsonTokenType.String)
        {
            error = "\"id\" must be a string";
            return false;
        }

        if (XmlSafeText.Unescape(reader.ValueSpan, id).IsNone && SdfNames.IsValidId(id.WrittenSpan))
        {
            return true;
        }

        error = $"id '{Printable(id.WrittenSpan)}' is invalid: it must be 1-{SdfLimits.MaxIdLength} characters of A-Z a-z 0-9 _ - / # :";
        return false;
    }

    private bool TryWriteFields(ReadOnlySpan<byte> fields, ref TextRepairs repairs, out string error)
    {
        error = "";
        var reader = new Utf8JsonReader(fields);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = "\"fields\" must be an object";
            return false;
        }

        names.Clear();
        nameBytes.ResetWrittenCount();
        manyNames.Clear();
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!XmlSafeText.Unescape(reader.ValueSpan, text).IsNone || !SdfNames.IsValidFieldName(text.WrittenSpan))
            {
                error = $"invalid field name '{Printable(reader.ValueSpan)}': it must start with a-z, use only a-z 0-9 _, be at most {SdfLimits.MaxFieldNameLength} characters and not be 'score'";
                return false;
            }

            if (!AddName(text.WrittenSpan))
            {
                error = $"field '{Printable(text.WrittenSpan)}' appears twice";
                return false;
            }

            writer.WritePropertyName(text.WrittenSpan);
            reader.Read();
            if (!TryWriteValue(ref reader, fields, ref repairs))
            {
                error = $"field '{Printable(nameBytes.WrittenSpan[names[^1].Start..])}' must be a string, a number or an array of strings and numbers";
                return false;
            }
        }

        if (names.Count == 0)
        {
            error = "an add operation needs at least one field";
            return false;
        }

        writer.WriteEndObject();
        return true;
    }

    private bool TryWriteValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, ref TextRepairs repairs)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                repairs += WriteString(ref reader, source);
                return true;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                return true;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        repairs += WriteString(ref reader, source);
                    }
                    else if (reader.TokenType == JsonTokenType.Number)
                    {
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    }
                    else
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                return true;
            default:
                return false;
        }
    }

    private TextRepairs WriteString(ref Utf8JsonReader reader, ReadOnlySpan<byte> source)
    {
        var raw = reader.ValueSpan;
        if (XmlSafeText.IsCleanRaw(raw, reader.ValueIsEscaped))
        {
            // Copy the token with its quotes as it is: nothing to unescape, strip or replace.
            writer.WriteRawValue(source.Slice((int)reader.TokenStartIndex, raw.Length + 2), skipInputValidation: true);
            return default;
        }

        var repairs = XmlSafeText.Unescape(raw, text);
        XmlSafeText.WriteQuoted(text.WrittenSpan, quoted);
        writer.WriteRawValue(quoted.WrittenSpan, skipInputValidation: true);
        return repairs;
    }

    private bool AddName(ReadOnlySpan<byte> name)
    {
        if (names.Count < LinearNameCheck)
        {
            foreach (var (start, length) in names)
            {
                if (nameBytes.WrittenSpan.Slice(start, length).SequenceEqual(name))
                {
                    return false;
                }
            }
        }
        else
        {
            if (manyNames.Count == 0)
            {
                foreach (var (start, length) in names)
                {
                    manyNames.Add(System.Text.Encoding.UTF8.GetString(nameBytes.WrittenSpan.Slice(start, length)));
                }
            }

            if (!manyNames.Add(System.Text.Encoding.UTF8.GetString(name)))
            {
                return false;
            }
        }

        names.Add((nameBytes.WrittenCount, name.Length));
        nameBytes.Write(name);
        return true;
    }

    // Reads to the end so trailing garbage after the object still fails as invalid JSON.
    private static void Drain(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }

    /// <summary>A short, printable rendering of identifier bytes for messages (never a field value).</summary>
    internal static string Printable(ReadOnlySpan<byte> utf8)
    {
        const int max = 80;
        var value = System.Text.Encoding.UTF8.GetString(utf8.Length > max * 4 ? utf8[..(max * 4)] : utf8);
        var chars = value.Select(c => char.IsControl(c) ? '?' : c).Take(max).ToArray();
        return new string(chars) + (value.Length > max ? "…" : "");
    }

    private enum EnvelopeProperty
    {
        Other,
        Id,
        Type,
        Fields,
    }

    private struct Envelope
    {
        public SdfOperationType Type;
        public Range Fields;
    }
}
