using System.Text;

namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// Client → server: replaces each COPY from S3 in a simple Query or an extended Parse with the rewriter's SQL and
/// tells the tracker which statements and executions were rewritten. Everything else passes byte for byte.
/// </summary>
internal sealed class FrontendFilter(WireSession session, CopySessionInfo info, CompletionTracker tracker) : IMessageFilter
{
    // Where the session's transaction stands, for the cost model's commits (BEGIN … COMMIT as the client sent them).
    private bool inTransactionBlock;
    private bool loadedInTransactionBlock;

    public Inspection Inspect(byte type)
    {
        switch (type)
        {
            case PgWire.Query or PgWire.Parse or PgWire.Bind or PgWire.Execute:
                return Inspection.Whole;
            case PgWire.Sync:
                tracker.OnSync();
                return Inspection.PassThrough;
            default:
                return Inspection.PassThrough;
        }
    }

    public async ValueTask<byte[]?> HandleAsync(byte type, byte[] message, CancellationToken cancellationToken)
    {
        var payload = message.AsMemory(5);
        switch (type)
        {
            case PgWire.Query:
                return await RewriteQueryAsync(FrontendMessages.ReadQuery(payload.Span), message, cancellationToken);
            case PgWire.Parse:
                return await RewriteParseAsync(FrontendMessages.ReadParse(payload.Span), message, cancellationToken);
            case PgWire.Bind:
                if (FrontendMessages.TryReadBindNames(payload.Span, out var portal, out var statement))
                {
                    tracker.OnBind(portal, statement);
                }

                return message;
            case PgWire.Execute:
                tracker.OnExecute(FrontendMessages.ReadExecutePortal(payload.Span));
                return message;
            default:
                return message;
        }
    }

    private async Task<byte[]?> RewriteQueryAsync(string sql, byte[] original, CancellationToken cancellationToken)
    {
        var rewriter = session.Proxy.CopyRewriter;
        var statements = SqlStatementSplitter.Split(sql);
        var flags = statements.Select(s => rewriter.IsCopyFromS3(s.Of(sql))).ToList();
        if (!flags.Contains(true))
        {
            foreach (var statement in statements)
            {
                await OnOtherStatementAsync(statement.Of(sql), cancellationToken);
            }

            tracker.OnQuery([]);
            return original;
        }

        if (!session.Proxy.Intercept(flags.Count(f => f)))
        {
            session.Drop();
            return null;
        }

        // Replace only the COPY spans; the rest of the text (comments, other statements) stays as sent.
        var rewritten = new StringBuilder(sql.Length);
        var position = 0;
        for (var i = 0; i < statements.Count; i++)
        {
            if (!flags[i])
            {
                await OnOtherStatementAsync(statements[i].Of(sql), cancellationToken);
                continue;
            }

            var span = statements[i];
            rewritten.Append(sql, position, span.Start - position)
                .Append(await RewriteAsync(rewriter, span.Of(sql), cancellationToken));
            position = span.Start + span.Length;
        }

        rewritten.Append(sql, position, sql.Length - position);
        tracker.OnQuery(flags);
        return FrontendMessages.Query(rewritten.ToString());
    }

    private async Task<byte[]?> RewriteParseAsync(ParseMessage parse, byte[] original, CancellationToken cancellationToken)
    {
        var rewriter = session.Proxy.CopyRewriter;
        var isCopy = rewriter.IsCopyFromS3(parse.Sql);
        if (!isCopy)
        {
            await OnOtherStatementAsync(parse.Sql, cancellationToken);
            tracker.OnParse(parse.StatementName, isCopy: false);
            return original;
        }

        if (!session.Proxy.Intercept(1))
        {
            session.Drop();
            return null;
        }

        tracker.OnParse(parse.StatementName, isCopy: true);
        return FrontendMessages.Parse(parse with { Sql = await RewriteAsync(rewriter, parse.Sql, cancellationToken) });
    }

    private async Task<string> RewriteAsync(ICopyRewriter rewriter, string copy, CancellationToken cancellationToken)
    {
        var translation = await TranslateAsync(rewriter, copy, cancellationToken);
        var clock = session.Proxy.CopyCost;
        await clock.CopyAsync(translation, cancellationToken);
        if (inTransactionBlock)
        {
            loadedInTransactionBlock = true;
        }
        else
        {
            await clock.CommitAsync(cancellationToken); // outside a block the COPY commits on its own
        }

        return translation.Sql;
    }

    /// <summary>Follows BEGIN / COMMIT / ROLLBACK so that a commit after a COPY pays the cost model's commit.</summary>
    private async Task OnOtherStatementAsync(string statement, CancellationToken cancellationToken)
    {
        var clock = session.Proxy.CopyCost;
        if (clock.Model.IsNone)
        {
            return;
        }

        switch (TransactionVerb(statement))
        {
            case "BEGIN" or "START":
                inTransactionBlock = true;
                loadedInTransactionBlock = false;
                break;
            case "COMMIT" or "END":
                if (inTransactionBlock && loadedInTransactionBlock)
                {
                    await clock.CommitAsync(cancellationToken);
                }

                inTransactionBlock = loadedInTransactionBlock = false;
                break;
            case "ROLLBACK" or "ABORT":
                inTransactionBlock = loadedInTransactionBlock = false;
                break;
        }
    }

    private static string TransactionVerb(string statement)
    {
        var text = statement.AsSpan().TrimStart();
        var length = 0;
        while (length < text.Length && length < 8 && char.IsAsciiLetter(text[length]))
        {
            length++;
        }

        return text[..length].ToString().ToUpperInvariant();
    }

    private async Task<CopyTranslation> TranslateAsync(ICopyRewriter rewriter, string copy, CancellationToken cancellationToken)
    {
        try
        {
            return await rewriter.RewriteAsync(copy, info, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A translator bug must fail the statement on the client's session, not hang or kill it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return CopyTranslation.NothingRead(CopyFailureSql.Raise(CopyFailureSql.LoadFailed, $"LocalAws COPY translation failed: {e.GetType().Name}: {e.Message}"));
        }
    }
}
