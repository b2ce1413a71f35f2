namespace GapTools.SsmWrap;

/// <summary>
/// One ssmwrap rule: which parameters (<see cref="Selector"/>) go where (<see cref="Destination"/>).
/// <see cref="ToString"/> prints it back in CLI syntax, which <see cref="Parse"/> reads.
/// </summary>
/// <param name="Selector">Which parameters.</param>
/// <param name="Destination">Environment variables or a file.</param>
public sealed record SsmRule(ParameterSelector Selector, ParameterDestination Destination)
{
    /// <summary>When true, a missing exact parameter is skipped instead of failing the load. Defaults to false.</summary>
    public bool Optional { get; init; }

    /// <summary>Parses the <c>-rule</c> syntax: <c>path=/a/*,type=env|file,...</c>.</summary>
    /// <exception cref="FormatException">The rule is invalid; the message says why.</exception>
    public static SsmRule Parse(string text) => RuleSyntax.Parse(text, impliedType: null);

    /// <summary>Parses the <c>-env</c> syntax: <c>path=/a/*[,to=NAME][,prefix=P][,entirepath=true][,case=keep][,style=dotnet][,sanitize=true][,json=true][,stringlist=index][,optional=true]</c>.</summary>
    /// <exception cref="FormatException">The rule is invalid; the message says why.</exception>
    public static SsmRule ParseEnv(string text) => RuleSyntax.Parse(text, RuleSyntax.EnvType);

    /// <summary>Parses the <c>-file</c> syntax: <c>path=/a/b,to=/run/b[,mode=0600][,uid=N][,gid=N][,format=raw|dotenv|json][,optional=true]</c>.</summary>
    /// <exception cref="FormatException">The rule is invalid; the message says why.</exception>
    public static SsmRule ParseFile(string text) => RuleSyntax.Parse(text, RuleSyntax.FileType);

    /// <summary>The rule in <c>-rule</c> syntax, defaults left out. Holds no parameter values.</summary>
    public override string ToString() => RuleSyntax.Format(this);
}
