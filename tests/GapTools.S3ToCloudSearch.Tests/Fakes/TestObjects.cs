using System.Text;
using GapTools.S3ToCloudSearch.Acknowledgement;
using GapTools.S3ToCloudSearch.Batching;

namespace GapTools.S3ToCloudSearch.Tests.Fakes;

internal static class TestObjects
{
    public static ObjectProgress Progress(string key = "k.json", WorkUnit? unit = null) => new(unit ?? new WorkUnit("unit"), "bucket", key);

    public static byte[] Delete(string id) => Encoding.UTF8.GetBytes($$"""{"type":"delete","id":"{{id}}"}""");

    /// <summary>An add of exactly <paramref name="size"/> bytes.</summary>
    public static byte[] Add(string id, int size)
    {
        var envelope = """{"type":"add","id":"ID","fields":{"t":""}}""".Replace("ID", id, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(envelope.Replace("\"\"", "\"" + new string('x', size - envelope.Length) + "\"", StringComparison.Ordinal));
    }

    public static OutgoingBatch Batch(ObjectProgress progress, params byte[][] documents)
    {
        var batch = new OutgoingBatch(5 * 1024 * 1024);
        for (var i = 0; i < documents.Length; i++)
        {
            progress.DocumentAdded(0);
            Assert.True(batch.TryAdd(documents[i], new DocumentOrigin(progress, i + 1, 0)));
        }

        return batch;
    }
}
