namespace GapTools.S3ToRedshift.Configuration.Rin;

/// <summary>A Rin <c>config.yaml</c> could not be read; <see cref="Errors"/> lists every problem (never a value).</summary>
public sealed class RinConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RinConfigException(string path, IReadOnlyList<string> errors)
        : base($"The Rin configuration {path} is not usable:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors ?? []))
    {
        Errors = errors ?? [];
    }

    /// <summary>Creates the exception.</summary>
    public RinConfigException()
        : this("(unknown)", [])
    {
    }

    /// <summary>Creates the exception.</summary>
    public RinConfigException(string message)
        : base(message)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception.</summary>
    public RinConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Each problem as <c>file:line: key: message</c>.</summary>
    public IReadOnlyList<string> Errors { get; }
}
