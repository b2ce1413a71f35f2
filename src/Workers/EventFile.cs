using System.Text.Json;
using GapTools.Core.S3Events;

namespace GapTools.Workers;

/// <summary>
/// Reads events for replay: a file holding one event document (as <c>sam local generate-event s3 put</c>
/// prints it, possibly pretty-printed) or JSON lines of events. Pure: text in, parsed entries out.
/// </summary>
public static class EventFile
{
    /// <summary>One event document of the file and where it started.</summary>
    public sealed record Entry(int LineNumber, S3EventBatch Events);

    public static IReadOnlyList<Entry> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsSingleDocument(text))
        {
            return [new Entry(1, S3EventParser.Parse(text))];
        }

        var entries = new List<Entry>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                entries.Add(new Entry(lineNumber, S3EventParser.Parse(line.TrimEnd('\r'))));
            }
        }

        return entries;
    }

    private static bool IsSingleDocument(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
