namespace GapTools.SsmWrap.Targets;

/// <summary>Where one value goes: an environment variable or a file (ssmwrap's Exporter).</summary>
internal interface IParameterTarget
{
    /// <summary>Identifies the destination; two different sources with one address are a collision.</summary>
    string Address { get; }

    /// <summary>What the dry run shows: the name or file, never the value.</summary>
    string Describe();

    /// <summary>Puts the value in place: into <paramref name="environment"/> or onto disk.</summary>
    void Export(string value, IDictionary<string, string> environment);
}
