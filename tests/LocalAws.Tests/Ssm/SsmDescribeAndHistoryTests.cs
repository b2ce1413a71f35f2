using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace GapTools.LocalAws.Tests.Ssm;

public sealed class SsmDescribeAndHistoryTests(SsmServerFixture fixture) : IClassFixture<SsmServerFixture>
{
    private readonly string root = $"/t{Guid.NewGuid():N}";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private AmazonSimpleSystemsManagementClient Ssm => fixture.Client;

    [Fact]
    public async Task DescribeParameters_pages_metadata_under_a_path_without_values()
    {
        var names = Enumerable.Range(0, 12).Select(i => $"{root}/d/k{i:00}").ToList();
        names.ForEach(n => fixture.Server.State.Ssm.Put(n, "value", "SecureString"));
        fixture.Server.State.Ssm.Put($"{root}/d/deeper/k", "value");
        var request = new DescribeParametersRequest
        {
            MaxResults = 5,
            ParameterFilters = [new ParameterStringFilter { Key = "Path", Option = "OneLevel", Values = [$"{root}/d"] }],
        };

        var seen = new List<ParameterMetadata>();
        var calls = 0;
        do
        {
            var page = await Ssm.DescribeParametersAsync(request, ct);
            seen.AddRange(page.Parameters);
            request.NextToken = page.NextToken;
            calls++;
        }
        while (request.NextToken is not null);

        Assert.Equal(3, calls);
        Assert.Equal(names, seen.Select(p => p.Name));
        Assert.All(seen, p => Assert.Equal(("alias/aws/ssm", ParameterType.SecureString.Value, 1L), (p.KeyId, p.Type.Value, p.Version!.Value)));
    }

    [Fact]
    public async Task GetParameterHistory_lists_every_version_oldest_first()
    {
        var name = $"{root}/h";
        fixture.Server.State.Ssm.Put(name, "one");
        fixture.Server.State.Ssm.Put(name, "two");
        fixture.Server.State.Ssm.Put(name, "three");

        var history = await Ssm.GetParameterHistoryAsync(new GetParameterHistoryRequest { Name = name }, ct);

        Assert.Equal([("one", 1L), ("two", 2L), ("three", 3L)], history.Parameters.Select(p => (p.Value, p.Version!.Value)));
    }
}
