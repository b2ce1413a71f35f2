namespace GapTools.SsmWrap.Targets;

/// <summary>A configuration key (<c>Section:Key</c>) of the IConfiguration source; keys compare case-insensitively.</summary>
internal sealed record ConfigurationKeyTarget(string Key) : IParameterTarget
{
    public string Address => "configuration key " + Key;

    public string Describe() => Key + "=" + EnvVarTarget.MaskedValue;

    public void Export(string value, IDictionary<string, string> environment) => environment[Key] = value;
}
