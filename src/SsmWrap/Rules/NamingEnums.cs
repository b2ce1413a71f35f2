namespace GapTools.SsmWrap;

/// <summary>Letter case of generated variable names.</summary>
public enum NameCase
{
    /// <summary>Upper-case the whole name (ssmwrap's behaviour; the default for <see cref="NameStyle.Posix"/>).</summary>
    Upper,

    /// <summary>Keep the parameter's case, e.g. <c>TF_VAR_db_host</c> (the default for <see cref="NameStyle.Dotnet"/>).</summary>
    Keep,
}

/// <summary>How a parameter path becomes a variable name.</summary>
public enum NameStyle
{
    /// <summary>The last path segment (or the entire path, joined by <c>_</c>), as ssmwrap v2 names it.</summary>
    Posix,

    /// <summary>The path below the selector joined by <c>__</c>, which .NET configuration reads as <c>:</c>.</summary>
    Dotnet,
}

/// <summary>What a StringList parameter becomes.</summary>
public enum StringListMode
{
    /// <summary>One variable holding the comma-separated list.</summary>
    Joined,

    /// <summary>The comma-separated variable plus <c>NAME_0</c> … <c>NAME_n</c> (<c>NAME__0</c> in the dotnet style).</summary>
    Indexed,
}

/// <summary>What a file rule writes.</summary>
public enum FileFormat
{
    /// <summary>The value of one parameter, byte for byte.</summary>
    Raw,

    /// <summary><c>NAME='value'</c> lines, named as an env rule would name them; readable by <c>. file</c> in sh.</summary>
    Dotenv,

    /// <summary>One flat JSON object of name → value, named as an env rule would name them.</summary>
    Json,
}
