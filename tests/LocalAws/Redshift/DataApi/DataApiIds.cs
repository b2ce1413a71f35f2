using System.Text.RegularExpressions;

namespace GapTools.LocalAws.Redshift.DataApi;

/// <summary>The model's UUID shape for statement ids: a lower-case UUID, optionally <c>:n</c> for a sub-statement.</summary>
internal static partial class DataApiIds
{
    public static bool IsValid(string id) => Pattern().IsMatch(id);

    [GeneratedRegex(@"^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\d{0,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
