namespace GapTools.Demo.Narration;

/// <summary>A check of the demo did not hold; the message says what was expected and what happened.</summary>
internal sealed class DemoFailure : Exception
{
    public DemoFailure()
    {
    }

    public DemoFailure(string message)
        : base(message)
    {
    }

    public DemoFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    public static void Unless(bool condition, string message)
    {
        if (!condition)
        {
            throw new DemoFailure(message);
        }
    }
}
