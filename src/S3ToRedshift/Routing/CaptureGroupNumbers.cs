using System.Globalization;
using System.Text.RegularExpressions;

namespace GapTools.S3ToRedshift.Routing;

/// <summary>
/// Maps template references to .NET group numbers the way Go (Rin's language) numbers groups: <c>$N</c> is the
/// N-th capturing group by position of its opening parenthesis, named or not. (.NET numbers unnamed groups first
/// and named groups after them, so <c>$2</c> in <c>(?P&lt;a&gt;x)(y)</c> would otherwise mean a different group.)
/// <c>${name}</c> is the named group.
/// </summary>
public static class CaptureGroupNumbers
{
    /// <summary>Reference (decimal number or name) → .NET group number, for every group of <paramref name="regex"/>.</summary>
    public static IReadOnlyDictionary<string, int> For(Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        var map = new Dictionary<string, int>(StringComparer.Ordinal) { ["0"] = 0 };
        var unnamed = 0;
        var position = 0;
        foreach (var name in GroupsInOrder(regex.ToString()))
        {
            position++;
            var number = name is null ? ++unnamed : regex.GroupNumberFromName(name);
            if (number < 0)
            {
                continue;
            }

            map[position.ToString(CultureInfo.InvariantCulture)] = number;
            if (name is not null)
            {
                map[name] = number;
            }
        }

        return map;
    }

    /// <summary>The capturing groups in order of their opening parenthesis: null for unnamed, else the name.</summary>
    internal static IEnumerable<string?> GroupsInOrder(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            if (c == '[')
            {
                inClass = true;

                // A ']' right after '[' or '[^' is a literal member of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    i++;
                }

                continue;
            }

            if (c != '(')
            {
                continue;
            }

            if (i + 1 >= pattern.Length || pattern[i + 1] != '?')
            {
                yield return null;
                continue;
            }

            var rest = pattern.AsSpan(i + 2);
            var nameStart = rest.StartsWith("P<") ? 2 : rest.StartsWith("<") && rest.Length > 1 && rest[1] is not ('=' or '!') ? 1 : rest.StartsWith("'") ? 1 : -1;
            if (nameStart < 0)
            {
                continue;
            }

            var name = rest[nameStart..];
            var end = name.IndexOfAny('>', '\'');
            if (end > 0)
            {
                // Balancing groups (?<a-b>) capture under their first name.
                var text = name[..end].ToString();
                var dash = text.IndexOf('-', StringComparison.Ordinal);
                yield return dash > 0 ? text[..dash] : dash == 0 ? null : text;
            }
        }
    }
}
