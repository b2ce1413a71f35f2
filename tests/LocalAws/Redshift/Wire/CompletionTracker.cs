namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// Pairs the backend's command completions with the frontend statements that caused them, so only the
/// CommandComplete of a rewritten COPY has its tag changed. The server answers in order: each Execute (or each
/// statement of a simple Query) ends in exactly one CommandComplete, EmptyQueryResponse, PortalSuspended or
/// ErrorResponse, and each Sync or Query ends in ReadyForQuery, which also discards what an error skipped.
/// </summary>
/// <remarks>The frontend pump calls the <c>On…</c> request methods, the backend pump the response methods.</remarks>
internal sealed class CompletionTracker
{
    private enum Kind
    {
        Statement,
        CopyStatement,

        /// <summary>A simple Query without COPY: any number of completions, none rewritten.</summary>
        Opaque,
        Boundary,
    }

    private readonly Lock gate = new();
    private readonly Queue<Kind> pending = new();
    private readonly Dictionary<string, bool> copyStatements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> copyPortals = new(StringComparer.Ordinal);

    /// <param name="copyFlags">Per statement, whether it is a rewritten COPY; empty when none is.</param>
    public void OnQuery(IReadOnlyList<bool> copyFlags)
    {
        lock (gate)
        {
            if (copyFlags.Contains(true))
            {
                foreach (var isCopy in copyFlags)
                {
                    pending.Enqueue(isCopy ? Kind.CopyStatement : Kind.Statement);
                }
            }
            else
            {
                pending.Enqueue(Kind.Opaque);
            }

            pending.Enqueue(Kind.Boundary);
        }
    }

    public void OnParse(string statement, bool isCopy)
    {
        lock (gate)
        {
            copyStatements[statement] = isCopy;
        }
    }

    public void OnBind(string portal, string statement)
    {
        lock (gate)
        {
            copyPortals[portal] = copyStatements.GetValueOrDefault(statement);
        }
    }

    public void OnExecute(string portal)
    {
        lock (gate)
        {
            pending.Enqueue(copyPortals.GetValueOrDefault(portal) ? Kind.CopyStatement : Kind.Statement);
        }
    }

    public void OnSync()
    {
        lock (gate)
        {
            pending.Enqueue(Kind.Boundary);
        }
    }

    /// <summary>
    /// A completion (CommandComplete, EmptyQueryResponse, PortalSuspended or ErrorResponse) arrived; true when it
    /// answers a rewritten COPY.
    /// </summary>
    public bool OnCompletion()
    {
        lock (gate)
        {
            if (pending.TryPeek(out var head) && head is Kind.Statement or Kind.CopyStatement)
            {
                pending.Dequeue();
                return head == Kind.CopyStatement;
            }

            return false;
        }
    }

    /// <summary>ReadyForQuery: everything up to the next boundary is answered or was skipped after an error.</summary>
    public void OnReadyForQuery()
    {
        lock (gate)
        {
            while (pending.TryDequeue(out var kind) && kind != Kind.Boundary)
            {
            }
        }
    }

    /// <summary>
    /// The client-facing tag for a rewritten COPY: Redshift answers <c>COPY n</c> where PostgreSQL's INSERT says
    /// <c>INSERT 0 n</c>. Other tags pass unchanged.
    /// </summary>
    public static string CopyTag(string tag)
    {
        if (!tag.StartsWith("INSERT ", StringComparison.Ordinal))
        {
            return tag;
        }

        var rows = tag[(tag.LastIndexOf(' ') + 1)..];
        return "COPY " + rows;
    }
}
