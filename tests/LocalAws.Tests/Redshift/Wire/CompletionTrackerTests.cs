using GapTools.LocalAws.Redshift.Wire;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

public sealed class CompletionTrackerTests
{
    [Fact]
    public void Simple_query_with_copy_rewrites_only_the_copy_completion()
    {
        var tracker = new CompletionTracker();
        tracker.OnQuery([false, true, false]);
        Assert.False(tracker.OnCompletion());
        Assert.True(tracker.OnCompletion());
        Assert.False(tracker.OnCompletion());
        tracker.OnReadyForQuery();
    }

    [Fact]
    public void Simple_query_without_copy_rewrites_nothing_however_many_completions()
    {
        var tracker = new CompletionTracker();
        tracker.OnQuery([]);
        Assert.False(tracker.OnCompletion());
        Assert.False(tracker.OnCompletion());
        tracker.OnReadyForQuery();
        tracker.OnQuery([true]);
        Assert.True(tracker.OnCompletion());
    }

    [Fact]
    public void Extended_protocol_follows_statement_and_portal_names()
    {
        var tracker = new CompletionTracker();
        tracker.OnParse("", isCopy: false);
        tracker.OnBind("", "");
        tracker.OnExecute("");
        tracker.OnParse("s1", isCopy: true);
        tracker.OnBind("p1", "s1");
        tracker.OnExecute("p1");
        tracker.OnSync();

        Assert.False(tracker.OnCompletion());
        Assert.True(tracker.OnCompletion());
        tracker.OnReadyForQuery();
    }

    [Fact]
    public void Ready_for_query_discards_what_an_error_skipped()
    {
        var tracker = new CompletionTracker();
        tracker.OnQuery([false, true]);
        Assert.False(tracker.OnCompletion()); // the error answering the first statement
        tracker.OnReadyForQuery();            // the COPY never ran

        tracker.OnParse("", isCopy: false);
        tracker.OnBind("", "");
        tracker.OnExecute("");
        tracker.OnSync();
        Assert.False(tracker.OnCompletion());
    }

    [Fact]
    public void Pipelined_syncs_keep_their_own_segments()
    {
        var tracker = new CompletionTracker();
        tracker.OnParse("c", isCopy: true);
        tracker.OnBind("", "c");
        tracker.OnExecute("");
        tracker.OnSync();
        tracker.OnParse("", isCopy: false);
        tracker.OnBind("", "");
        tracker.OnExecute("");
        tracker.OnSync();

        Assert.True(tracker.OnCompletion());
        tracker.OnReadyForQuery();
        Assert.False(tracker.OnCompletion());
        tracker.OnReadyForQuery();
    }

    [Theory]
    [InlineData("INSERT 0 42", "COPY 42")]
    [InlineData("INSERT 0 0", "COPY 0")]
    [InlineData("DO", "DO")]
    public void Copy_tag(string tag, string expected) => Assert.Equal(expected, CompletionTracker.CopyTag(tag));
}
