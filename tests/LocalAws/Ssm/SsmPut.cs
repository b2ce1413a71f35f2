namespace GapTools.LocalAws.Ssm;

/// <summary>A PutParameter request as read from the wire (null = not given).</summary>
internal sealed record SsmPut(string Name, string Value)
{
    public string? Type { get; init; }

    public bool Overwrite { get; init; }

    public string? Description { get; init; }

    public string? KeyId { get; init; }

    public string? AllowedPattern { get; init; }

    public string? Tier { get; init; }

    public string? DataType { get; init; }

    public bool HasTags { get; init; }
}
