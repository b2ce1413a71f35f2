namespace GapTools.SsmWrap;

/// <summary>How parameters become variable names and values (env rules, and dotenv/json files).</summary>
public sealed record VariableMapping
{
    /// <summary>The defaults: last segment, upper case, POSIX style, not sanitised, no JSON expansion, joined StringLists.</summary>
    public static VariableMapping Default { get; } = new();

    /// <summary>Put in front of every name as given (ssmwrap: <c>prefix=APP_</c>). Defaults to empty.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Name from the entire parameter path instead of its last segment. Defaults to false.</summary>
    public bool EntirePath { get; init; }

    /// <summary>Letter case; null (the default) means upper for <see cref="NameStyle.Posix"/>, keep for <see cref="NameStyle.Dotnet"/>.</summary>
    public NameCase? Case { get; init; }

    /// <summary>Naming style. Defaults to <see cref="NameStyle.Posix"/>.</summary>
    public NameStyle Style { get; init; } = NameStyle.Posix;

    /// <summary>Expand a JSON object value into one variable per key (<c>NAME_KEY</c>). Defaults to false.</summary>
    public bool Json { get; init; }

    /// <summary>
    /// Make every name a POSIX shell name (<c>sanitize=true</c>): characters other than letters, digits and <c>_</c>
    /// become <c>_</c> and a leading digit gets a <c>_</c> in front (<c>api.key-v2</c> → <c>API_KEY_V2</c>,
    /// <c>1x</c> → <c>_1X</c>). Defaults to false: names are ssmwrap v2's, <c>.</c> and <c>-</c> included.
    /// </summary>
    public bool Sanitize { get; init; }

    /// <summary>StringList handling. Defaults to <see cref="StringListMode.Joined"/>.</summary>
    public StringListMode StringList { get; init; } = StringListMode.Joined;

    internal NameCase EffectiveCase => Case ?? (Style == NameStyle.Posix ? NameCase.Upper : NameCase.Keep);
}
