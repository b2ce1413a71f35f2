namespace GapTools.Demo.Narration;

/// <summary>
/// The demo's console output: numbered steps (<c>[2/5]</c>), numbered actions inside a step (<c>2.1</c>), details,
/// a child process's output quoted with <c>|</c>, and one closing line per step. Plain text, so it reads the same in
/// a terminal and in a CI log.
/// </summary>
internal sealed class Narrator(TextWriter output, int stepCount)
{
    private int step;
    private int action;

    public int CurrentStep => step;

    public void Title(string text)
    {
        output.WriteLine(text);
        output.WriteLine(new string('=', Math.Min(text.Length, 100)));
    }

    public void Step(int number, string title)
    {
        step = number;
        action = 0;
        output.WriteLine();
        output.WriteLine($"[{number}/{stepCount}] {title}");
    }

    /// <summary>Starts the next numbered action of the current step: <c>2.3 text</c>.</summary>
    public void Action(string text)
    {
        action++;
        output.WriteLine($"  {step}.{action} {text}");
    }

    public void Detail(string text) => output.WriteLine($"      {text}");

    /// <summary>Aligned <c>label  value</c> lines.</summary>
    public void Table(IEnumerable<(string Label, string Value)> rows)
    {
        var list = rows.ToList();
        var width = list.Count == 0 ? 0 : list.Max(r => r.Label.Length);
        foreach (var (label, value) in list)
        {
            Detail($"{label.PadRight(width)}  {value}");
        }
    }

    /// <summary>A child process's output, each line quoted: <c>| line</c>.</summary>
    public void Quote(string text)
    {
        foreach (var line in text.Replace("\r", "", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
        {
            if (line.Length > 0)
            {
                output.WriteLine($"      | {line}");
            }
        }
    }

    public void Ok(string text) => output.WriteLine($"  ok: {text}");

    public void Skipped(string text) => output.WriteLine($"  skipped: {text}");

    public void Failed(string text) => output.WriteLine($"  FAILED: {text}");

    public void Line(string text = "") => output.WriteLine(text);
}
