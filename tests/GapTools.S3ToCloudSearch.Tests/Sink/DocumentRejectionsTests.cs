using GapTools.S3ToCloudSearch.Sink;
using GapTools.S3ToCloudSearch.Tests.Fakes;

namespace GapTools.S3ToCloudSearch.Tests.Sink;

public sealed class DocumentRejectionsTests
{
    private static readonly ReadOnlyMemory<byte>[] Documents =
        [TestObjects.Delete("a"), TestObjects.Delete("b#1"), TestObjects.Delete("c"), TestObjects.Delete("b#1")];

    [Fact]
    public void Documents_are_found_by_position_first()
    {
        var found = DocumentRejections.Identify(["Document 'c' (#2): field 'x' is bad.", "Document #0: id must be …"], Documents);

        Assert.Equal([0, 2], found.Keys.Order());
        Assert.Contains("field 'x'", found[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_position_documents_are_found_by_id_and_a_hash_in_an_id_is_not_a_position()
    {
        var found = DocumentRejections.Identify(["Document 'b#1' has an unknown field"], Documents);

        Assert.Equal([1, 3], found.Keys.Order());
    }

    [Fact]
    public void Out_of_range_positions_and_unknown_ids_identify_nothing()
    {
        Assert.Empty(DocumentRejections.Identify(["Document #9: bad", "Document 'zzz': bad", "Internal error"], Documents));
    }

    [Fact]
    public void IdOf_reads_the_id_of_a_serialized_operation()
    {
        Assert.Equal("b#1", DocumentRejections.IdOf(TestObjects.Delete("b#1")));
        Assert.Null(DocumentRejections.IdOf("not json"u8));
    }
}
