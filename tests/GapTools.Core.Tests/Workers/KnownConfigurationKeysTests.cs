using GapTools.Workers.Configuration;
using Microsoft.Extensions.Configuration;

namespace GapTools.Core.Tests.Workers;

public sealed class KnownConfigurationKeysTests
{
    private static readonly KnownConfigurationKeys Keys = KnownConfigurationKeys.Parse("""
        # comment
        Batch:MaxObjects
        Targets:*:Table
        Endpoints:*
        AWS:**
        """);

    [Theory]
    [InlineData("Batch:MaxObjects")]
    [InlineData("batch:maxobjects")]
    [InlineData("Targets:0:Table")]
    [InlineData("Targets:12:table")]
    [InlineData("Endpoints:orders")]
    [InlineData("AWS:Region")]
    [InlineData("AWS:Credentials:Profile")]
    public void Known(string key) => Assert.True(Keys.IsKnown(key));

    [Theory]
    [InlineData("Batch")]
    [InlineData("Batch:MaxObjects:Extra")]
    [InlineData("Targets:0")]
    [InlineData("Targets:0:Tabel")]
    [InlineData("Endpoints:orders:Url")]
    [InlineData("AWS")]
    [InlineData("Table")]
    public void Unknown(string key) => Assert.False(Keys.IsKnown(key));

    [Fact]
    public void Each_unknown_key_is_named_once_with_its_section_and_the_nearest_known_key()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tool:Batch:MaxObjects"] = "10",
            ["Tool:Targets:3:Tabel"] = "t",
            ["Tool:Table"] = "t",
            ["Tool:AWS:Region"] = "eu-west-1",
            ["Tool:Zzzzzzzzzz"] = "x",
        }).Build().GetSection("Tool");

        Assert.Equal(
            [
                "Tool:Table is not a key Tool reads; did you mean Tool:Targets:*:Table?",
                "Tool:Targets:3:Tabel is not a key Tool reads; did you mean Tool:Targets:3:Table?",
                "Tool:Zzzzzzzzzz is not a key Tool reads.",
            ],
            Keys.FindUnknown(section));
    }
}
