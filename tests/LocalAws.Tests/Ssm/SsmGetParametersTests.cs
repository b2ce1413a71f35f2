using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace GapTools.LocalAws.Tests.Ssm;

public sealed class SsmGetParametersTests(SsmServerFixture fixture) : IClassFixture<SsmServerFixture>
{
    private readonly string root = $"/t{Guid.NewGuid():N}";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private AmazonSimpleSystemsManagementClient Ssm => fixture.Client;

    private List<string> Seed(int count)
    {
        var names = Enumerable.Range(0, count).Select(i => $"{root}/p{i:00}").ToList();
        foreach (var name in names)
        {
            fixture.Server.State.Ssm.Put(name, $"value of {name}");
        }

        return names;
    }

    [Fact]
    public async Task Ten_names_are_returned_in_one_call()
    {
        var names = Seed(10);

        var result = await Ssm.GetParametersAsync(new GetParametersRequest { Names = names }, ct);

        Assert.Equal(names, result.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(result.Parameters, p => Assert.Equal($"value of {p.Name}", p.Value));
        Assert.Empty(result.InvalidParameters ?? []);
    }

    [Fact]
    public async Task Eleven_names_are_a_ValidationException_with_AWS_message()
    {
        var names = Seed(11);

        var error = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
            Ssm.GetParametersAsync(new GetParametersRequest { Names = names }, ct));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(
            $"1 validation error detected: Value '[{string.Join(", ", names)}]' at 'names' failed to satisfy constraint: " +
            "Member must have length less than or equal to 10",
            error.Message);
    }

    [Fact]
    public async Task Unknown_names_are_listed_in_InvalidParameters_not_thrown()
    {
        var names = Seed(2);

        var result = await Ssm.GetParametersAsync(new GetParametersRequest { Names = [names[0], $"{root}/nope", names[1], $"{names[0]}:9"] }, ct);

        Assert.Equal(names, result.Parameters.Select(p => p.Name));
        Assert.Equal([$"{root}/nope", $"{names[0]}:9"], result.InvalidParameters);
    }

    [Fact]
    public async Task Version_selector_works_in_GetParameters()
    {
        var name = Seed(1)[0];
        fixture.Server.State.Ssm.Put(name, "second");

        var result = await Ssm.GetParametersAsync(new GetParametersRequest { Names = [$"{name}:1", name] }, ct);

        Assert.Equal([($"value of {name}", 1L), ("second", 2L)], result.Parameters.Select(p => (p.Value, p.Version!.Value)));
    }
}
