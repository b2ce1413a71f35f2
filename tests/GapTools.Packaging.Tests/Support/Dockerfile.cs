using System.Text.RegularExpressions;

namespace GapTools.Packaging.Tests.Support;

/// <summary>
/// A Dockerfile read as BuildKit reads its lines: comments (<c>#</c> at the start of a line), instructions with
/// their continuation lines (<c>\</c>) joined, stages split at <c>FROM</c>. Enough to check what the samples promise;
/// not a parser of every Dockerfile (no heredocs, no escape directive, no parser directives).
/// </summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions, IReadOnlyList<string> comments)
    {
        Instructions = instructions;
        Comments = comments;
    }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    public IReadOnlyList<string> Comments { get; }

    /// <summary>The instructions of the last stage (what the image is).</summary>
    public IReadOnlyList<DockerInstruction> FinalStage => [.. Instructions.Skip(Instructions.ToList().FindLastIndex(i => i.Keyword == "FROM"))];

    public static Dockerfile Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var comments = new List<string>();
        string? pending = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                comments.Add(line.TrimStart('#').Trim());
                continue;
            }

            if (pending is null && line.Length == 0)
            {
                continue;
            }

            pending = pending is null ? line : pending + " " + line;
            if (pending.EndsWith('\\'))
            {
                pending = pending[..^1].TrimEnd();
                continue;
            }

            var match = InstructionPattern().Match(pending);
            if (!match.Success)
            {
                throw new FormatException($"{path}: not an instruction: {pending}");
            }

            instructions.Add(new DockerInstruction(match.Groups["keyword"].Value.ToUpperInvariant(), match.Groups["arguments"].Value.Trim()));
            pending = null;
        }

        return new Dockerfile(instructions, comments);
    }

    [GeneratedRegex(@"^(?<keyword>[A-Za-z]+)\s+(?<arguments>.*)$")]
    private static partial Regex InstructionPattern();
}

/// <summary>One instruction: its keyword (upper case) and its arguments as written.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments)
{
    /// <summary>The JSON (exec) form's elements: <c>["a", "b"]</c>.</summary>
    public IReadOnlyList<string> ExecForm => System.Text.Json.JsonSerializer.Deserialize<string[]>(Arguments)
        ?? throw new FormatException($"{Keyword} {Arguments} is not in the exec form");
}
