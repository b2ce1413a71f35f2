using System.Text;

namespace GapTools.S3ToCloudSearch.Tests.EndToEnd;

/// <summary>Large JSON lines objects made fast: one canonical SDF line (~2 KB) copied with its id patched in.</summary>
internal static class LargeObject
{
    public static byte[] JsonLines(int approximateBytes, int distinctIds, int seed)
    {
        var body = new string((char)('a' + (seed % 26)), 1900);
        var template = Encoding.UTF8.GetBytes("""{"type":"add","id":"doc-000000","fields":{"title":"document","body":"BODY"}}""".Replace("BODY", body, StringComparison.Ordinal) + "\n");
        var idAt = Encoding.UTF8.GetString(template).IndexOf("000000", StringComparison.Ordinal);
        var lines = approximateBytes / template.Length;
        var data = new byte[lines * template.Length];
        for (var i = 0; i < lines; i++)
        {
            var line = data.AsSpan(i * template.Length, template.Length);
            template.CopyTo(line);
            var id = (i + seed) % distinctIds;
            for (var d = 5; d >= 0; d--, id /= 10)
            {
                line[idAt + d] = (byte)('0' + (id % 10));
            }
        }

        return data;
    }

    public static int CountLines(byte[] data) => data.AsSpan().Count((byte)'\n');
}
