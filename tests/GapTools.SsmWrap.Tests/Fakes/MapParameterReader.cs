using System.Collections.Concurrent;
using GapTools.SsmWrap.Fetching;

namespace GapTools.SsmWrap.Tests.Fakes;

/// <summary>An in-memory <see cref="ISsmParameterReader"/> with SSM's paging and path semantics, recording each call.</summary>
internal sealed class MapParameterReader : ISsmParameterReader
{
    private readonly ConcurrentDictionary<string, SsmParameter> _parameters = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Thrown by the next call that matches, instead of answering.</summary>
    public Func<string, Exception?> Fault { get; set; } = _ => null;

    /// <summary>Awaited by every call after it is recorded, before it answers (to hold calls in flight).</summary>
    public Func<Task>? Gate { get; set; }

    public MapParameterReader Put(string name, string value, string type = "String")
    {
        _parameters[name] = new SsmParameter(name, type, value);
        return this;
    }

    public int CallsTo(string operation) => Calls.Count(c => c.StartsWith(operation + " ", StringComparison.Ordinal));

    public async Task<SsmParameterPage> GetParametersByPathAsync(string path, bool recursive, string? nextToken, CancellationToken cancellationToken)
    {
        await Record($"GetParametersByPath {path} recursive={recursive} token={nextToken}");
        var prefix = path == "/" ? "/" : path + "/";
        var all = _parameters.Values
            .Where(p => p.Name.StartsWith(prefix, StringComparison.Ordinal) && !p.Name.StartsWith("/aws/", StringComparison.Ordinal))
            .Where(p => recursive || !p.Name[prefix.Length..].Contains('/', StringComparison.Ordinal))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var start = nextToken is null ? 0 : int.Parse(nextToken, System.Globalization.CultureInfo.InvariantCulture);
        var page = all.Skip(start).Take(SsmParameterReader.MaxResultsPerPage).ToList();
        var next = start + page.Count < all.Count ? (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new SsmParameterPage(page, next);
    }

    public async Task<IReadOnlyList<SsmParameter>> GetParametersAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        await Record("GetParameters " + string.Join(',', names));
        Assert.InRange(names.Count, 1, FetchPlan.MaxNamesPerCall);
        return [.. names.Where(_parameters.ContainsKey).Select(n => _parameters[n])];
    }

    public async Task<SsmParameter?> GetParameterAsync(string name, CancellationToken cancellationToken)
    {
        await Record("GetParameter " + name);
        return _parameters.GetValueOrDefault(name);
    }

    private async Task Record(string call)
    {
        Calls.Enqueue(call);
        if (Fault(call) is { } exception)
        {
            throw exception;
        }

        if (Gate is { } gate)
        {
            await gate();
        }
    }
}
