using System.Text;
using System.Text.Json;
using GapTools.S3ToRedshift.Sink;

namespace GapTools.S3ToRedshift.Tests.Sink;

public sealed class ManifestDocumentTests
{
    [Fact]
    public void Every_entry_is_mandatory_and_keys_round_trip_exactly()
    {
        string[] keys = ["a/it's.json", "a/\"q\".json", "a/x+y%20z.json", "a/日本\\語.json"];
        var json = ManifestDocument.Build(keys.Select((k, i) => new ManifestEntry("b", k, i == 0 ? 42 : null)));
        using var document = JsonDocument.Parse(json);
        var entries = document.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(keys.Select(k => "s3://b/" + k), entries.Select(e => e.GetProperty("url").GetString()));
        Assert.All(entries, e => Assert.True(e.GetProperty("mandatory").GetBoolean()));
        Assert.Equal(42, entries[0].GetProperty("meta").GetProperty("content_length").GetInt64());
        Assert.False(entries[1].TryGetProperty("meta", out _));
    }

    [Fact]
    public void Shape_is_exactly_what_redshift_reads() =>
        Assert.Equal(
            """{"entries":[{"url":"s3://b/k","mandatory":true,"meta":{"content_length":3}}]}""",
            Encoding.UTF8.GetString(ManifestDocument.Build([new ManifestEntry("b", "k", 3)])));

    [Fact]
    public void Keys_are_dated_under_the_prefix() =>
        Assert.Equal(
            "loads/manifests/2024/02/29/batch-1.manifest",
            ManifestDocument.Key("loads/manifests/", new DateTimeOffset(2024, 2, 29, 23, 59, 0, TimeSpan.Zero), "batch-1"));
}
