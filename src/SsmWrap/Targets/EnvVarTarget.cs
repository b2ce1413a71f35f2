namespace GapTools.SsmWrap.Targets;

/// <summary>An environment variable of the command.</summary>
internal sealed record EnvVarTarget(string Name) : IParameterTarget
{
    public string Address => "environment variable " + Name;

    public string Describe() => Name + "=" + MaskedValue;

    public void Export(string value, IDictionary<string, string> environment) => environment[Name] = value;

    internal const string MaskedValue = "****";
}
