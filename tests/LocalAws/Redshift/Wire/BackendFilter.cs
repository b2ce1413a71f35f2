namespace GapTools.LocalAws.Redshift.Wire;

/// <summary>
/// Server → client: feeds completions to the tracker and turns the <c>INSERT 0 n</c> of a rewritten COPY into
/// Redshift's <c>COPY n</c>. Everything else passes byte for byte.
/// </summary>
internal sealed class BackendFilter(WireSession session, CompletionTracker tracker) : IMessageFilter
{
    public Inspection Inspect(byte type)
    {
        switch (type)
        {
            case PgWire.CommandComplete or PgWire.BackendKeyData:
                return Inspection.Whole;
            case PgWire.EmptyQueryResponse or PgWire.PortalSuspended or PgWire.ErrorResponse:
                tracker.OnCompletion();
                return Inspection.PassThrough;
            case PgWire.ReadyForQuery:
                tracker.OnReadyForQuery();
                return Inspection.PassThrough;
            default:
                return Inspection.PassThrough;
        }
    }

    public ValueTask<byte[]?> HandleAsync(byte type, byte[] message, CancellationToken cancellationToken)
    {
        if (type == PgWire.BackendKeyData)
        {
            session.OnBackendKeyData(message.AsSpan(5));
            return ValueTask.FromResult<byte[]?>(message);
        }

        if (type != PgWire.CommandComplete || !tracker.OnCompletion())
        {
            return ValueTask.FromResult<byte[]?>(message);
        }

        PgWire.ReadCString(message.AsSpan(5), 0, out var tag);
        return ValueTask.FromResult<byte[]?>(PgWire.StringMessage(PgWire.CommandComplete, CompletionTracker.CopyTag(tag)));
    }
}
