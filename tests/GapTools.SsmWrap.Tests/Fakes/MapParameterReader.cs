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

    public MapParameterReader Put(string name, string value, string type = "String")
    {
        _parameters[name] = new SsmParameter(name, type, value);
        return this;
    }

    public int CallsTo(string operation) => Calls.Count(c => c.StartsWith(operation + " ", StringComparison.Ordinal));

    public Task<SsmParameterPage> GetParametersByPathAsync(string path, bool recursive, string? nextToken, CancellationToken cancellationToken)
    {
        Record($"GetParametersByPath {path} recursive={recursive} token={nextToken}");
        var prefix = path == "/" ? "/" : path + "/";
        var all = _parameters.Values
            .Where(p => p.Name.StartsWith(prefix, StringComparison.Ordinal) && !p.Name.StartsWith("/aws/", StringComparison.Ordinal))
            .Where(p => recursive || !p.Name[prefix.Length..].Contains('/', StringComparison.Ordinal))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var start = nextToken is null ? 0 : int.Parse(nextToken, System.Globalization.CultureInfo.InvariantCulture);
        var page = all.Skip(start).Take(SsmParameterReader.MaxResultsPerPage).ToList();
        var next = start + page.Count < all.Count ? (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new SsmParameterPage(page, next));
    }

    public Task<IReadOnlyList<SsmParameter>> GetParametersAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        Record("GetParameters " + string.Join(',', names));
        Assert.InRange(names.Count, 1, FetchPlan.MaxNamesPerCall);
        IReadOnlyList<SsmParameter> found = [.. names.Where(_parameters.ContainsKey).Select(n => _parameters[n])];
        return Task.FromResult(found);
    }

    public Task<SsmParameter?> GetParameterAsync(string name, CancellationToken cancellationToken)
    {
        Record("GetParameter " + name);
        return Task.FromResult(_parameters.GetValueOrDefault(name));
    }

    private void Record(string call)
    {
        Calls.Enqueue(call);
        if (Fault(call) is { } exception)
        {
            throw exception;
        }
    }
}
