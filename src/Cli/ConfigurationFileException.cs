namespace GapTools.Cli;

/// <summary>A <c>--config</c> file that cannot be used; the message names the file and the problem, never a value.</summary>
public sealed class ConfigurationFileException(string path, string problem) : Exception($"--config {path} {problem}.")
{
    /// <summary>The file named by <c>--config</c>.</summary>
    public string Path { get; } = path;
}
