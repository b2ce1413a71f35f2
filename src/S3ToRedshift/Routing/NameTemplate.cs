using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GapTools.S3ToRedshift.Routing;

/// <summary>
/// A schema or table name with capture references: <c>$1</c> (all following digits form the group number, so
/// <c>$10</c> is group 10, never group 1 followed by <c>0</c>), <c>${10}</c>, <c>${name}</c>, and <c>$$</c> for a
/// literal dollar sign. Parsed once into tokens and expanded per match, so no reference can rewrite another.
/// </summary>
public sealed class NameTemplate
{
    private readonly IReadOnlyList<Token> _tokens;

    private NameTemplate(string text, IReadOnlyList<Token> tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    /// <summary>The template as configured.</summary>
    public string Text { get; }

    /// <summary>The group names and numbers referenced (numbers as decimal strings), in order of appearance.</summary>
    public IReadOnlyList<string> GroupReferences => [.. _tokens.Where(t => t.IsGroup).Select(t => t.Value)];

    /// <summary>True when the template contains no capture reference.</summary>
    public bool IsLiteral => _tokens.All(t => !t.IsGroup);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> names the position.</summary>
    public static bool TryParse(string text, out NameTemplate? template, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        template = null;
        error = null;
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$')
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                error = $"'$' at position {i + 1} ends the text; write '$$' for a literal dollar sign";
                return false;
            }

            var next = text[i + 1];
            string group;
            if (next == '$')
            {
                literal.Append('$');
                i += 2;
                continue;
            }
            else if (char.IsAsciiDigit(next))
            {
                var end = i + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                group = text[(i + 1)..end];
                i = end;
            }
            else if (next == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    error = $"'${{' at position {i + 1} has no closing '}}'";
                    return false;
                }

                group = text[(i + 2)..close];
                if (!IsGroupName(group))
                {
                    error = $"'${{{group}}}' at position {i + 1} is not a group number or name (letters, digits, '_')";
                    return false;
                }

                i = close + 1;
            }
            else
            {
                error = $"'$' at position {i + 1} must be followed by a group number, '{{name}}' or '$'";
                return false;
            }

            if (group.All(char.IsAsciiDigit))
            {
                // Normalise "01" to "1" so references compare equal to the regex's group numbers.
                group = int.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? number.ToString(CultureInfo.InvariantCulture)
                    : group;
            }

            if (literal.Length > 0)
            {
                tokens.Add(new Token(literal.ToString(), IsGroup: false));
                literal.Clear();
            }

            tokens.Add(new Token(group, IsGroup: true));
        }

        if (literal.Length > 0)
        {
            tokens.Add(new Token(literal.ToString(), IsGroup: false));
        }

        template = new NameTemplate(text, tokens);
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static NameTemplate Parse(string text) =>
        TryParse(text, out var template, out var error) ? template! : throw new FormatException($"'{text}': {error}.");

    /// <summary>Returns the references not in <paramref name="groups"/> (see <see cref="CaptureGroupNumbers.For"/>).</summary>
    public IReadOnlyList<string> UndefinedGroups(IReadOnlyDictionary<string, int> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return [.. GroupReferences.Where(g => !groups.ContainsKey(g)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Expands the references with the groups of <paramref name="match"/>, looked up through
    /// <paramref name="groups"/>; an undefined group or one that did not participate expands to empty.
    /// </summary>
    public string Expand(Match? match, IReadOnlyDictionary<string, int>? groups)
    {
        var builder = new StringBuilder();
        foreach (var token in _tokens)
        {
            if (!token.IsGroup)
            {
                builder.Append(token.Value);
            }
            else if (match is not null && groups is not null && groups.TryGetValue(token.Value, out var number) && match.Groups[number] is { Success: true } group)
            {
                builder.Append(group.Value);
            }
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool IsGroupName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private readonly record struct Token(string Value, bool IsGroup);
}
