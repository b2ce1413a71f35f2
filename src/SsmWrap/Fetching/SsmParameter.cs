namespace GapTools.SsmWrap.Fetching;

/// <summary>A parameter as read from SSM. <see cref="ToString"/> leaves the value out.</summary>
internal sealed record SsmParameter(string Name, string Type, string Value)
{
    public const string StringListType = "StringList";

    public bool IsStringList => Type == StringListType;

    public override string ToString() => $"{Name} ({Type})";
}

/// <summary>One page of GetParametersByPath; <see cref="NextToken"/> is null on the last page.</summary>
internal sealed record SsmParameterPage(IReadOnlyList<SsmParameter> Parameters, string? NextToken);
