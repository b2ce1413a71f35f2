using System.Text.RegularExpressions;

namespace GapTools.LocalAws.CloudSearch;

/// <summary>Identifier and character rules of the Search Data Format.</summary>
internal static partial class SdfRules
{
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    public static bool IsValidFieldName(string name) => name != "score" && FieldNamePattern().IsMatch(name);

    /// <summary>The first character XML 1.0 does not allow (CloudSearch rejects them), or null.</summary>
    public static int? FirstInvalidXmlChar(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            var valid = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (!valid)
            {
                return c;
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_\\-/#:]{1,128}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex FieldNamePattern();
}
