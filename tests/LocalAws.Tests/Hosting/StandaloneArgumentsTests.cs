using GapTools.LocalAws.Redshift.Copy;

namespace GapTools.LocalAws.Tests.Hosting;

/// <summary>The standalone command line: where to listen, and which Redshift clusters to serve on what.</summary>
public sealed class StandaloneArgumentsTests
{
    [Fact]
    public void Defaults_to_port_4566_and_no_clusters()
    {
        var parsed = StandaloneArguments.Parse([]);

        Assert.Equal(4566, parsed.Port);
        Assert.False(parsed.Verbose);
        Assert.Empty(parsed.RedshiftClusters);
        Assert.Null(parsed.RedshiftBackend);
    }

    [Theory]
    [InlineData("--urls", "http://127.0.0.1:4599", 4599)]
    [InlineData("--urls", "http://localhost:4598;http://127.0.0.1:1", 4598)]
    [InlineData("--urls", "http://[::1]:4597", 4597)]
    [InlineData("--port", "0", 0)]
    public void Reads_the_port(string option, string value, int port) =>
        Assert.Equal(port, StandaloneArguments.Parse([option, value]).Port);

    [Fact]
    public void Reads_repeated_clusters_in_order_and_the_backend()
    {
        var parsed = StandaloneArguments.Parse(
            ["--redshift", "demo", "--verbose", "--redshift", "analytics-2", "--redshift-backend", "Host=127.0.0.1;Username=postgres", "--port", "1234"]);

        Assert.Equal(["demo", "analytics-2"], parsed.RedshiftClusters);
        Assert.Equal("Host=127.0.0.1;Username=postgres", parsed.RedshiftBackend);
        Assert.True(parsed.Verbose);
        Assert.Equal(1234, parsed.Port);
    }

    [Fact]
    public void Reads_the_copy_cost_model()
    {
        Assert.Equal(CopyCostModel.None, StandaloneArguments.Parse(["--redshift", "demo"]).RedshiftCopyCost);
        Assert.Equal(CopyCostModel.Typical, StandaloneArguments.Parse(["--redshift", "demo", "--redshift-copy-cost", "typical"]).RedshiftCopyCost);
        Assert.Equal(TimeSpan.FromSeconds(2), StandaloneArguments.Parse(["--redshift", "demo", "--redshift-copy-cost", "statement=2s"]).RedshiftCopyCost.PerStatement);
    }

    [Theory]
    [InlineData("--redshift", "demo", "--redshift-copy-cost", "slow")]
    [InlineData("--redshift-copy-cost", "typical")]
    [InlineData("--urls", "http://10.0.0.1:4566")]
    [InlineData("--urls", "http://0.0.0.0:4566")]
    [InlineData("--urls", "not a url")]
    [InlineData("--port", "x")]
    [InlineData("--port", "70000")]
    [InlineData("--redshift")]
    [InlineData("--redshift", "Demo")]
    [InlineData("--redshift", "1demo")]
    [InlineData("--redshift", "de--mo")]
    [InlineData("--redshift", "demo-")]
    [InlineData("--redshift", "demo", "--redshift", "demo")]
    [InlineData("--redshift-backend", "Host=127.0.0.1")]
    [InlineData("--redshfit", "demo")]
    public void Refuses_a_bad_command_line(params string[] args) =>
        Assert.Throws<ArgumentException>(() => StandaloneArguments.Parse(args));

    [Fact]
    public void A_cluster_identifier_may_have_63_characters()
    {
        Assert.True(StandaloneArguments.IsClusterIdentifier("a" + new string('b', 62)));
        Assert.False(StandaloneArguments.IsClusterIdentifier("a" + new string('b', 63)));
    }
}
