using GapTools.S3ToCloudSearch.Acknowledgement;

namespace GapTools.S3ToCloudSearch.Tests.Acknowledgement;

public sealed class WorkUnitTests
{
    [Fact]
    public void Completes_only_when_sealed_and_every_document_is_resolved()
    {
        var unit = new WorkUnit("m1");
        unit.DocumentAdded();
        unit.DocumentAdded();
        unit.DocumentsResolved(2);
        Assert.False(unit.Completion.IsCompleted); // more may come until sealed

        unit.DocumentAdded();
        unit.Seal();
        Assert.False(unit.Completion.IsCompleted);

        unit.DocumentsResolved(1);
        Assert.True(unit.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public void An_empty_unit_completes_when_sealed()
    {
        var unit = new WorkUnit("m1");
        unit.Seal();
        Assert.True(unit.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_failure_faults_the_unit_even_if_other_documents_resolve_later()
    {
        var unit = new WorkUnit("m1");
        unit.DocumentAdded();
        unit.DocumentAdded();
        unit.Seal();
        unit.Fail(new InvalidOperationException("upload failed"));
        unit.DocumentsResolved(2);

        Assert.True(unit.Completion.IsFaulted);
    }

    [Fact]
    public void Object_progress_resolves_its_unit_for_uploads_and_refusals()
    {
        var unit = new WorkUnit("m1");
        var progress = new ObjectProgress(unit, "b", "k");
        progress.DocumentAdded(strippedCharacters: 3);
        progress.DocumentAdded(0);
        unit.Seal();
        progress.DocumentsUploaded(1);
        progress.DocumentRejected();

        Assert.True(unit.Completion.IsCompletedSuccessfully);
        Assert.Equal((2L, 1L, 1L, 3L), (progress.Documents, progress.Uploaded, progress.Invalid, progress.Stripped));
    }
}
