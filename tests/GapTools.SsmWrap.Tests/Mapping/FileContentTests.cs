using System.Diagnostics;
using GapTools.SsmWrap.Mapping;

namespace GapTools.SsmWrap.Tests.Mapping;

public class FileContentTests
{
    [Fact]
    public async Task Dotenv_values_come_back_unchanged_when_sourced_by_sh()
    {
        string[] values = ["plain", "it's", "a \"quoted\" $HOME `cmd` \\n", "two\nlines", "", "trailing space "];
        var content = FileContent.Render(FileFormat.Dotenv, values.Select((v, i) => new NamedValue($"V{i}", v, "/p")));
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "app.env");
        await File.WriteAllTextAsync(file, content, TestContext.Current.CancellationToken);

        for (var i = 0; i < values.Length; i++)
        {
            var info = new ProcessStartInfo("sh", ["-c", $"set -a; . \"$1\"; printf '%s' \"$V{i}\"", "sh", file]) { RedirectStandardOutput = true };
            using var sh = Process.Start(info)!;
            var output = await sh.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await sh.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(values[i], output);
        }
    }

    [Fact]
    public void Json_is_sorted_and_keeps_non_ascii_readable() =>
        Assert.Equal(
            "{\n  \"A\": \"ü<>\",\n  \"B\": \"line\\nbreak\"\n}\n",
            FileContent.Render(FileFormat.Json, [new NamedValue("B", "line\nbreak", "/p"), new NamedValue("A", "ü<>", "/p")]));
}
