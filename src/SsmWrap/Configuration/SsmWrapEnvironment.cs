using System.Globalization;

namespace GapTools.SsmWrap;

/// <summary>
/// Rules given as environment variables, as ssmwrap v2 reads them: <c>SSMWRAP_ENV</c>, then <c>SSMWRAP_ENV_1</c>,
/// <c>SSMWRAP_ENV_2</c>, … in numeric order; other suffixes (<c>SSMWRAP_ENV_DB</c>) are not rules, as in v2. Lets a
/// process that is not started by ssmwrap (a Lambda function's init) load the same rules itself.
/// </summary>
public static class SsmWrapEnvironment
{
    /// <summary>The variable (and prefix of numbered variables) holding <c>-env</c> rules.</summary>
    public const string EnvRulesVariable = "SSMWRAP_ENV";

    /// <summary>The <c>-env</c> rules in <paramref name="environment"/>, in the order ssmwrap applies them.</summary>
    /// <exception cref="FormatException">A rule cannot be read; the message names its variable.</exception>
    public static IReadOnlyList<SsmRule> EnvRules(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var names = environment.Keys.Where(k => IsRuleVariable(k, EnvRulesVariable));
        var rules = new List<SsmRule>();
        foreach (var name in InOrder(names, EnvRulesVariable))
        {
            try
            {
                rules.Add(SsmRule.ParseEnv(environment[name]));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{name}: {e.Message}", e);
            }
        }

        return rules;
    }

    /// <summary><paramref name="variable"/> itself or <paramref name="variable"/><c>_</c> and digits (ssmwrap v2: <c>^SSMWRAP_ENV(_\d+)?$</c>).</summary>
    internal static bool IsRuleVariable(string name, string variable) =>
        name == variable
        || (name.Length > variable.Length + 1 && name.StartsWith(variable + "_", StringComparison.Ordinal) && !name.AsSpan(variable.Length + 1).ContainsAnyExceptInRange('0', '9'));

    /// <summary><paramref name="variable"/> first, then <c>_1</c>, <c>_2</c>, … <c>_10</c> in numeric order, then other suffixes by name.</summary>
    internal static IEnumerable<string> InOrder(IEnumerable<string> names, string variable)
    {
        long? Suffix(string name) =>
            name.Length > variable.Length + 1 && long.TryParse(name.AsSpan(variable.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

        return names
            .OrderBy(n => n == variable ? 0 : Suffix(n) is null ? 2 : 1)
            .ThenBy(n => Suffix(n) ?? 0)
            .ThenBy(n => n, StringComparer.Ordinal);
    }
}
