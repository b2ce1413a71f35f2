using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GapTools.LocalAws.Sqs;

/// <summary>
/// The *Batch operations' shared rules: 1..10 entries with distinct well-formed ids (else the whole call fails),
/// then each entry succeeds or fails on its own and is reported in Successful or Failed.
/// </summary>
internal static partial class SqsBatch
{
    public static void Validate(IReadOnlyList<ISqsInput> entries)
    {
        if (entries.Count == 0)
        {
            throw SqsErrors.EmptyBatchRequest();
        }

        if (entries.Count > SqsDefaults.MaxBatchEntries)
        {
            throw SqsErrors.TooManyEntriesInBatchRequest(entries.Count);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var id = entry.String("Id") ?? "";
            if (!EntryId().IsMatch(id))
            {
                throw SqsErrors.InvalidBatchEntryId(id);
            }

            if (!seen.Add(id))
            {
                throw SqsErrors.BatchEntryIdsNotDistinct(id);
            }
        }
    }

    /// <summary>Runs each entry; an <see cref="SqsException"/> fails only that entry.</summary>
    public static JsonObject Run(IReadOnlyList<ISqsInput> entries, Func<ISqsInput, JsonObject> handle)
    {
        var successful = new JsonArray();
        var failed = new JsonArray();
        foreach (var entry in entries)
        {
            var id = entry.String("Id")!;
            try
            {
                var result = handle(entry);
                result.Insert(0, "Id", id);
                successful.Add(result);
            }
            catch (SqsException e)
            {
                failed.Add(new JsonObject { ["Id"] = id, ["SenderFault"] = e.SenderFault, ["Code"] = e.QueryCode, ["Message"] = e.Message });
            }
        }

        return new JsonObject { ["Successful"] = successful, ["Failed"] = failed };
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex EntryId();
}
