using GapTools.SsmWrap.Targets;

namespace GapTools.SsmWrap.Mapping;

/// <summary>A value bound for a target, with the parameter (or rule) it came from. <see cref="ToString"/> masks the value.</summary>
internal sealed record Export(IParameterTarget Target, string Value, string Source)
{
    public override string ToString() => $"{Target.Describe()} <- {Source}";
}

/// <summary>How names are built: environment variables (ssmwrap's names, POSIX with <c>sanitize=true</c>) or configuration keys (<c>a:b:c</c>, as is).</summary>
internal enum KeyFormat
{
    Environment,
    Configuration,
}
