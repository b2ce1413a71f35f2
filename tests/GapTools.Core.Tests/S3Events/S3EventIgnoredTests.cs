using GapTools.Core.S3Events;

namespace GapTools.Core.Tests.S3Events;

public sealed class S3EventIgnoredTests
{
    [Fact]
    public void Reads_as_a_log_line_with_the_object_when_known()
    {
        Assert.Equal("s3:TestEvent (S3 test event)", new S3EventIgnored("s3:TestEvent", "S3 test event", null).ToString());
        Assert.Equal(
            "ObjectRemoved:Delete s3://data/in/a b.json (removals are not loaded)",
            new S3EventIgnored("ObjectRemoved:Delete", "removals are not loaded", new S3ObjectRef("data", "in/a b.json", null, null, null, null)).ToString());
    }
}
