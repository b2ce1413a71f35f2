using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GapTools.S3ToCloudSearch.Sink;

/// <summary>
/// Works out which documents of a refused batch the service's error messages name: by position
/// (<c>#3</c>) or else by id (<c>Document 'tt1'</c>). Pure.
/// </summary>
internal static partial class DocumentRejections
{
    /// <summary>Index in the batch → the service's message(s) about it. Empty when no document can be identified.</summary>
    public static IReadOnlyDictionary<int, string> Identify(IReadOnlyList<string> errors, IReadOnlyList<ReadOnlyMemory<byte>> documents)
    {
        var found = new Dictionary<int, string>();
        Dictionary<string, List<int>>? byId = null;
        foreach (var error in errors)
        {
            var indexes = new List<int>();
            foreach (Match match in PositionPattern().Matches(error))
            {
                var digits = match.Groups[1].Success ? match.Groups[1] : match.Groups[2];
                if (int.TryParse(digits.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    && index < documents.Count)
                {
                    indexes.Add(index);
                }
            }

            if (indexes.Count == 0 && IdPattern().Match(error) is { Success: true } idMatch)
            {
                byId ??= IndexById(documents);
                if (byId.TryGetValue(idMatch.Groups[1].Value, out var matches))
                {
                    indexes.AddRange(matches);
                }
            }

            foreach (var index in indexes)
            {
                found[index] = found.TryGetValue(index, out var earlier) ? $"{earlier}; {error}" : error;
            }
        }

        return found;
    }

    /// <summary>The id of a serialized SDF operation, or null.</summary>
    public static string? IdOf(ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not ours to judge here: an unreadable document simply has no id.
        }

        return null;
    }

    private static Dictionary<string, List<int>> IndexById(IReadOnlyList<ReadOnlyMemory<byte>> documents)
    {
        var byId = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < documents.Count; i++)
        {
            if (IdOf(documents[i].Span) is { } id)
            {
                if (!byId.TryGetValue(id, out var list))
                {
                    byId[id] = list = [];
                }

                list.Add(i);
            }
        }

        return byId;
    }

    // "Document 'tt1' (#3): …" or "Document #3: …"
    [GeneratedRegex(@"\(#(\d{1,9})\)|[Dd]ocument #(\d{1,9})\b")]
    private static partial Regex PositionPattern();

    [GeneratedRegex(@"[Dd]ocument (?:[Ii][Dd] )?['""]([A-Za-z0-9_\-/#:]{1,128})['""]")]
    private static partial Regex IdPattern();
}
