using GapTools.Core.Signing;

namespace GapTools.Core.Tests.Signing;

public class AwsDefaultChainTests
{
    [Fact]
    public void Explicit_region_wins() => Assert.Equal("eu-north-1", AwsDefaultChain.ResolveRegion(" eu-north-1 "));

    [Fact]
    public void Credentials_come_from_the_sdk_chain()
    {
        // The test environment provides AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (see the README); without them the
        // chain would reach for instance metadata, which AWS_EC2_METADATA_DISABLED=true forbids.
        Assert.SkipWhen(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is null, "AWS_ACCESS_KEY_ID is not set");

        var credentials = AwsDefaultChain.ResolveCredentials().GetCredentials();

        Assert.Equal(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), credentials.AccessKey);
    }
}
