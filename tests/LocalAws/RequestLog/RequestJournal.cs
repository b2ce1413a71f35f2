using System.Collections.Concurrent;

namespace GapTools.LocalAws.RequestLog;

/// <summary>Every request the endpoint saw, so tests can count calls per operation.</summary>
public sealed class RequestJournal
{
    private readonly ConcurrentQueue<RequestLogEntry> entries = new();

    public IReadOnlyList<RequestLogEntry> Entries => entries.ToArray();

    public void Add(RequestLogEntry entry) => entries.Enqueue(entry);

    public int Count(string service, string? operation = null) =>
        entries.Count(e => e.Service == service && (operation is null || e.Operation == operation));

    public int CountErrors(string service, string? operation = null) =>
        entries.Count(e => e.Service == service && (operation is null || e.Operation == operation) && e.StatusCode >= 400);

    public void Clear() => entries.Clear();
}
