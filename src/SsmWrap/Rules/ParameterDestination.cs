namespace GapTools.SsmWrap;

/// <summary>Where a rule puts the parameters it selects: <see cref="EnvDestination"/> or <see cref="FileDestination"/>.</summary>
public abstract record ParameterDestination
{
    private protected ParameterDestination()
    {
    }

    /// <summary>How parameters become names and values.</summary>
    public VariableMapping Mapping { get; init; } = VariableMapping.Default;
}

/// <summary>Environment variables of the command (ssmwrap's <c>-env</c>).</summary>
public sealed record EnvDestination : ParameterDestination
{
    /// <summary>
    /// The exact variable name for the one parameter the rule selects (ssmwrap's <c>to=NAME</c>), or null (the default)
    /// to name variables from parameter paths. With <c>json=true</c> or <c>stringlist=index</c> it is the base of the names
    /// (<c>NAME_KEY</c>, <c>NAME_0</c>). A rule with it that selects more than one parameter fails the load.
    /// </summary>
    public string? To { get; init; }
}

/// <summary>A file (ssmwrap's <c>-file</c>), written atomically.</summary>
public sealed record FileDestination : ParameterDestination
{
    /// <summary>Creates a file destination writing to <paramref name="to"/>.</summary>
    public FileDestination(string to)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        To = to;
    }

    /// <summary>The file to write; its directory must exist.</summary>
    public string To { get; init; }

    /// <summary>Permission bits. Defaults to 0600 (<see cref="SsmWrapDefaults.FileMode"/>).</summary>
    public UnixFileMode Mode { get; init; } = SsmWrapDefaults.FileMode;

    /// <summary>Owner to set, or null (the default) to keep the writer's.</summary>
    public int? Uid { get; init; }

    /// <summary>Group to set, or null (the default) to keep the writer's.</summary>
    public int? Gid { get; init; }

    /// <summary>Content format. Defaults to <see cref="FileFormat.Raw"/> (one parameter's value).</summary>
    public FileFormat Format { get; init; } = FileFormat.Raw;
}
