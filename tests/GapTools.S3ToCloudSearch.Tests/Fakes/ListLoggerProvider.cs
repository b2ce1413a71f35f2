using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Tests.Fakes;

/// <summary>Hands out one <see cref="ListLogger"/> for every category, so a test reads every line the tool logged.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ListLogger Logger { get; } = new();

    public ILogger CreateLogger(string categoryName) => Logger;

    public void Dispose()
    {
    }
}
