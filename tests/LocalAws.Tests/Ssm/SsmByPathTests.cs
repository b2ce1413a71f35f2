using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace GapTools.LocalAws.Tests.Ssm;

public sealed class SsmByPathTests(SsmServerFixture fixture) : IClassFixture<SsmServerFixture>
{
    private readonly string root = $"/t{Guid.NewGuid():N}";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private AmazonSimpleSystemsManagementClient Ssm => fixture.Client;

    // 40 parameters: 20 direct children of /app, 10 under /app/db, 10 under /app/db/replica.
    private List<string> SeedTree()
    {
        var names = Enumerable.Range(0, 20).Select(i => $"{root}/app/k{i:00}")
            .Concat(Enumerable.Range(0, 10).Select(i => $"{root}/app/db/k{i:00}"))
            .Concat(Enumerable.Range(0, 10).Select(i => $"{root}/app/db/replica/k{i:00}"))
            .ToList();
        foreach (var name in names)
        {
            fixture.Server.State.Ssm.Put(name, name.GetHashCode(StringComparison.Ordinal) % 2 == 0 ? "even" : "odd",
                name.EndsWith('0') ? "SecureString" : "String");
        }

        return names;
    }

    private async Task<(List<Parameter> Parameters, int Calls)> ReadAllAsync(GetParametersByPathRequest request)
    {
        var before = fixture.Server.Requests.Count("ssm", "GetParametersByPath");
        var all = new List<Parameter>();
        do
        {
            var page = await Ssm.GetParametersByPathAsync(request, ct);
            Assert.InRange(page.Parameters?.Count ?? 0, 0, request.MaxResults ?? 10);
            all.AddRange(page.Parameters ?? []);
            request.NextToken = page.NextToken;
        }
        while (request.NextToken is not null);

        return (all, fixture.Server.Requests.Count("ssm", "GetParametersByPath") - before);
    }

    [Fact]
    public async Task Recursive_read_of_forty_parameters_takes_exactly_four_pages_in_name_order()
    {
        var names = SeedTree();

        var (parameters, calls) = await ReadAllAsync(new GetParametersByPathRequest { Path = $"{root}/app", Recursive = true, MaxResults = 10 });

        Assert.Equal(4, calls);
        Assert.Equal(names.Order(StringComparer.Ordinal), parameters.Select(p => p.Name));
    }

    [Fact]
    public async Task One_level_read_returns_only_direct_children()
    {
        var names = SeedTree();

        var (parameters, calls) = await ReadAllAsync(new GetParametersByPathRequest { Path = $"{root}/app", MaxResults = 10 });

        Assert.Equal(2, calls);
        Assert.Equal(names.Take(20), parameters.Select(p => p.Name));
    }

    [Fact]
    public async Task Default_page_size_is_ten_and_a_trailing_slash_is_the_same_path()
    {
        SeedTree();

        var page = await Ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = $"{root}/app/db/", Recursive = true }, ct);

        Assert.Equal(10, page.Parameters.Count);
        Assert.NotNull(page.NextToken);
    }

    [Fact]
    public async Task SecureStrings_are_decrypted_only_when_asked()
    {
        SeedTree();
        var path = $"{root}/app/db/replica";

        var (encrypted, _) = await ReadAllAsync(new GetParametersByPathRequest { Path = path });
        var (decrypted, _) = await ReadAllAsync(new GetParametersByPathRequest { Path = path, WithDecryption = true });

        var secure = Assert.Single(encrypted, p => p.Type == ParameterType.SecureString);
        Assert.DoesNotContain(secure.Value, new[] { "even", "odd" });
        Assert.All(decrypted, p => Assert.Contains(p.Value, new[] { "even", "odd" }));
    }

    [Fact]
    public async Task Paging_stays_consistent_while_parameters_are_added()
    {
        var names = SeedTree();
        var request = new GetParametersByPathRequest { Path = $"{root}/app", Recursive = true, MaxResults = 10 };
        var first = await Ssm.GetParametersByPathAsync(request, ct);

        // A name sorting before the cursor and one after it arrive between pages.
        fixture.Server.State.Ssm.Put($"{root}/app/a-early", "x");
        fixture.Server.State.Ssm.Put($"{root}/app/zz-late", "x");
        request.NextToken = first.NextToken;
        var (rest, _) = await ReadAllAsync(request);

        var seen = first.Parameters.Concat(rest).Select(p => p.Name).ToList();
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Subset(seen.ToHashSet(), names.ToHashSet());
        Assert.Contains($"{root}/app/zz-late", seen);
    }

    [Fact]
    public async Task Type_filter_narrows_the_result()
    {
        SeedTree();

        var (parameters, _) = await ReadAllAsync(new GetParametersByPathRequest
        {
            Path = $"{root}/app",
            Recursive = true,
            ParameterFilters = [new ParameterStringFilter { Key = "Type", Option = "Equals", Values = ["SecureString"] }],
        });

        Assert.Equal(4, parameters.Count);
        Assert.All(parameters, p => Assert.Equal(ParameterType.SecureString, p.Type));
    }

    [Fact]
    public async Task Unsupported_filter_key_is_InvalidFilterKey()
    {
        await Assert.ThrowsAsync<InvalidFilterKeyException>(() => Ssm.GetParametersByPathAsync(new GetParametersByPathRequest
        {
            Path = root,
            ParameterFilters = [new ParameterStringFilter { Key = "Name", Values = ["x"] }],
        }, ct));
    }

    [Fact]
    public async Task MaxResults_over_ten_is_ValidationException()
    {
        // Not a literal: the SDK's analyzer rejects an out-of-range constant at compile time.
        var tooMany = int.Parse("11", System.Globalization.CultureInfo.InvariantCulture);

        var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
            Ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = root, MaxResults = tooMany }, ct));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task Foreign_NextToken_is_InvalidNextToken()
    {
        SeedTree();
        var first = await Ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = $"{root}/app", Recursive = true }, ct);

        await Assert.ThrowsAsync<InvalidNextTokenException>(() => Ssm.GetParametersByPathAsync(
            new GetParametersByPathRequest { Path = $"{root}/other", Recursive = true, NextToken = first.NextToken }, ct));
        await Assert.ThrowsAsync<InvalidNextTokenException>(() => Ssm.GetParametersByPathAsync(
            new GetParametersByPathRequest { Path = $"{root}/app", Recursive = true, NextToken = "not a token" }, ct));
    }

    [Fact]
    public async Task Empty_path_answers_an_empty_page_without_token()
    {
        var page = await Ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = $"{root}/nothing-here" }, ct);

        Assert.Empty(page.Parameters ?? []);
        Assert.Null(page.NextToken);
    }
}
