using Microsoft.Extensions.Logging;

namespace GapTools.SsmWrap;

/// <summary>What the loader itself logs (retries are logged by the core's pipeline). Names and parameters, never values.</summary>
internal static partial class LoaderLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} (from {Source}) is not a shell variable name ([A-Za-z_][A-Za-z0-9_]*): the command gets it, but a shell cannot expand it; sanitize=true on the rule exports it as {Sanitised}")]
    public static partial void NotAShellName(ILogger logger, string name, string source, string sanitised);
}
