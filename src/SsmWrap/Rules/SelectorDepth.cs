namespace GapTools.SsmWrap;

/// <summary>How much of the hierarchy a <see cref="ParameterSelector"/> takes.</summary>
public enum SelectorDepth
{
    /// <summary><c>/a/b</c>: exactly one parameter.</summary>
    Exact,

    /// <summary><c>/a/b/*</c>: the direct children of <c>/a/b</c>.</summary>
    Children,

    /// <summary><c>/a/b/**/*</c>: everything below <c>/a/b</c>.</summary>
    Recursive,
}
