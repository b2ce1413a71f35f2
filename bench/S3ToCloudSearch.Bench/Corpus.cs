using System.Globalization;
using System.Text;

namespace GapTools.S3ToCloudSearch.Bench;

/// <summary>
/// Deterministic JSON lines shaped like a product/movie feed: ids, a few text fields (some with escapes, non-ASCII
/// text and the odd control character to strip), numbers and arrays, and one delete in twenty.
/// </summary>
public static class Corpus
{
    private static readonly string[] Words =
        ["seeker", "drama", "fantasy", "東京", "café", "night", "river", "über", "light", "storm", "glass", "orbit", "quiet", "ember"];

    public static byte[] JsonLines(int targetBytes, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder(targetBytes + 4096);
        for (var i = 0; text.Length < targetBytes; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"item-{i:D8}");
            if (i % 20 == 19)
            {
                text.Append("{\"type\":\"delete\",\"id\":\"").Append(id).Append("\"}\n");
                continue;
            }

            text.Append("{\"id\":\"").Append(id).Append("\",\"type\":\"add\",\"fields\":{\"title\":\"")
                .Append(Sentence(random, 4)).Append("\",\"description\":\"").Append(Sentence(random, random.Next(20, 120)));
            if (i % 7 == 0)
            {
                text.Append(" \\\"quoted\\\" \\u00e9\\n");
            }

            if (i % 50 == 0)
            {
                text.Append("\\u0007");
            }

            text.Append("\",\"year\":").Append(1950 + random.Next(75))
                .Append(",\"rating\":").Append((random.NextDouble() * 10).ToString("0.0", CultureInfo.InvariantCulture))
                .Append(",\"genres\":[\"").Append(Words[random.Next(Words.Length)]).Append("\",\"").Append(Words[random.Next(Words.Length)])
                .Append("\"]}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));

    /// <summary>Byte ranges of the lines (without the newline).</summary>
    public static (int Start, int Length)[] Lines(byte[] data)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        while (start < data.Length)
        {
            var end = Array.IndexOf(data, (byte)'\n', start);
            end = end < 0 ? data.Length : end;
            lines.Add((start, end - start));
            start = end + 1;
        }

        return [.. lines];
    }
}
