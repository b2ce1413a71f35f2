using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GapTools.S3ToCloudSearch.Tests.Fakes;

/// <summary>Keeps every line logged at any level, with its level.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception)));

    public int Count(LogLevel level, string containing) =>
        Lines.Count(l => l.Level == level && l.Message.Contains(containing, StringComparison.Ordinal));
}
