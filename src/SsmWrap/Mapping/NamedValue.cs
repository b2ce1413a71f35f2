namespace GapTools.SsmWrap.Mapping;

/// <summary>A name and value produced from one parameter; <see cref="Source"/> says which (and which key or item).</summary>
internal sealed record NamedValue(string Name, string Value, string Source)
{
    public override string ToString() => $"{Name} <- {Source}";
}
