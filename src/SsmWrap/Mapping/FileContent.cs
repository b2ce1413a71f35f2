using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GapTools.SsmWrap.Mapping;

/// <summary>Renders a set of variables as one file: dotenv lines or a flat JSON object, sorted by name.</summary>
internal static class FileContent
{
    public static string Render(FileFormat format, IEnumerable<NamedValue> variables)
    {
        var sorted = variables.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        return format == FileFormat.Json ? Json(sorted) : Dotenv(sorted);
    }

    // Single quotes keep everything literal in sh (`set -a; . file`); a quote is written as '\''.
    private static string Dotenv(List<NamedValue> variables)
    {
        var builder = new StringBuilder();
        foreach (var variable in variables)
        {
            builder.Append(variable.Name).Append("='").Append(variable.Value.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
        }

        return builder.ToString();
    }

    private static string Json(List<NamedValue> variables)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var variable in variables)
            {
                writer.WriteString(variable.Name, variable.Value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
