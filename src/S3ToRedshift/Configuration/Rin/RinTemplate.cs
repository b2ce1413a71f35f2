using System.Text;
using System.Text.RegularExpressions;

namespace GapTools.S3ToRedshift.Configuration.Rin;

/// <summary>
/// The template functions Rin configs use for secrets (kayac/go-config): <c>{{ env "NAME" }}</c>,
/// <c>{{ env "NAME" "default" }}</c> and <c>{{ must_env "NAME" }}</c>, expanded in the raw text before YAML
/// parsing, as Rin does. As go-config's <c>env</c>, an empty variable counts as unset and each argument is tried
/// as a variable name in turn, the last one being the default. Any other <c>{{ … }}</c> is an error. Pure: the
/// environment is a function.
/// </summary>
internal static partial class RinTemplate
{
    /// <summary>Expands the text; problems (naming line and variable, never a value) go to <paramref name="errors"/>.</summary>
    public static string Expand(string text, Func<string, string?> environment, string path, List<string> errors)
    {
        var result = new StringBuilder();
        var line = 1;
        var position = 0;
        foreach (Match action in Action().Matches(text))
        {
            line += CountLines(text, position, action.Index);
            result.Append(text, position, action.Index - position);
            position = action.Index + action.Length;
            var call = Call().Match(action.Groups[1].Value);
            if (!call.Success)
            {
                errors.Add($"{path}:{line}: unsupported template '{{{{{action.Groups[1].Value.Trim()}}}}}' (only env and must_env are supported)");
                continue;
            }

            var function = call.Groups["fn"].Value;
            var name = call.Groups["name"].Value;
            var value = environment(name);
            if (function == "env")
            {
                var fallback = call.Groups["default"].Success ? call.Groups["default"].Value : "";
                value = NonEmpty(value) ?? NonEmpty(fallback.Length > 0 ? environment(fallback) : null) ?? fallback;
            }
            else if (call.Groups["default"].Success)
            {
                errors.Add($"{path}:{line}: must_env takes one argument");
            }
            else if (value is null)
            {
                errors.Add($"{path}:{line}: environment variable {name} is not set (must_env)");
            }

            result.Append(value);
        }

        result.Append(text, position, text.Length - position);
        return result.ToString();
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static int CountLines(string text, int from, int to) => text.AsSpan(from, to - from).Count('\n');

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Action();

    [GeneratedRegex(@"^\s*(?<fn>must_env|env)\s+""(?<name>[^""]+)""(?:\s+""(?<default>[^""]*)"")?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Call();
}
