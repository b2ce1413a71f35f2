using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace GapTools.S3ToCloudSearch.Configuration;

/// <summary>
/// Validation messages that start with the full configuration key they are about
/// (<c>S3ToCloudSearch:Sqs:Consumer:WaitTime must be between …</c>), whichever options type the rule lives in.
/// </summary>
internal static class ConfigurationKeys
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The attribute checks (<c>[Range]</c>, <c>[Required]</c>, …) of a compile-time generated validator, nested
    /// <c>[ValidateObjectMembers]</c> included: it names each member by its display path (<paramref name="key"/> with
    /// '.' for ':'), which becomes the key again. Its <see cref="IValidatableObject"/> results carry no path, so they
    /// are left out here: <see cref="Rules"/> reports them for each object.
    /// </summary>
    public static IEnumerable<string> Annotations<T>(IValidateOptions<T> validator, string key, T value)
        where T : class
    {
        var display = key.Replace(':', '.');
        // A member's display path stands as a word of its own ("The field A.B.Member must …"); values in messages are quoted.
        var path = new Regex(@"(?<!\S)" + Regex.Escape(display) + @"(\.\w+)+", RegexOptions.CultureInvariant, MatchTimeout);
        foreach (var failure in validator.Validate(display, value).Failures ?? [])
        {
            var found = path.Match(failure);
            if (!found.Success)
            {
                continue;
            }

            // "Member: The field A.B.Member must be …": drop the member list the options builder put in front.
            var members = failure.IndexOf(": ", StringComparison.Ordinal);
            var message = members >= 0 && members < found.Index ? failure[(members + 2)..] : failure;
            message = path.Replace(message, m => m.Value.Replace('.', ':'), 1);
            yield return message.StartsWith("The field ", StringComparison.Ordinal) ? message["The field ".Length..] : message;
        }
    }

    /// <summary>The cross-field rules of one object (<see cref="IValidatableObject"/>), each prefixed with the key of its member.</summary>
    public static IEnumerable<string> Rules(IValidatableObject value, string key)
    {
        foreach (var result in value.Validate(new ValidationContext(value, key, null, null)))
        {
            var member = result.MemberNames.FirstOrDefault();
            var message = result.ErrorMessage ?? "is invalid.";
            yield return member is null
                ? $"{key}: {message}"
                : message.StartsWith(member + " ", StringComparison.Ordinal) || message.StartsWith(member + ":", StringComparison.Ordinal)
                    ? $"{key}:{message}"
                    : $"{key}:{member}: {message}";
        }
    }

    /// <summary>The message for a section that must be present.</summary>
    public static string Required(string key) => $"{key} is required.";
}
