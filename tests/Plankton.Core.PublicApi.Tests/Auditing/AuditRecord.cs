namespace Plankton.Core.PublicApi.Tests.Auditing;

/// <summary>One call to an <see cref="AuditingObjectStore"/>: who did what to which path, how it ended and how long it took.</summary>
/// <param name="At">When the call started, by the store's clock.</param>
/// <param name="UserId">The acting user; <see langword="null"/> for the public-URL calls, which act for anyone.</param>
/// <param name="Operation">The <see cref="Objects.IObjectStore"/> member, without its <c>Async</c> suffix (for example <c>Write</c>).</param>
/// <param name="Target">What the call named: <c>account/container/name</c>, <c>account/container</c>, an account, a uuid, or <c>source -&gt; destination</c>; never a public-URL token.</param>
/// <param name="Outcome">How the call ended.</param>
/// <param name="Duration">The wall-clock time the call took.</param>
/// <param name="Error">The exception type name when the call threw; otherwise <see langword="null"/>.</param>
/// <param name="Bytes">The data bytes the call moved when it moves data: written by <c>Write</c>, served by a <c>Read</c> (one record when the stream <c>OpenRead</c> returned is disposed).</param>
public sealed record AuditRecord(
    DateTimeOffset At,
    string? UserId,
    string Operation,
    string Target,
    AuditOutcome Outcome,
    TimeSpan Duration,
    string? Error,
    long? Bytes = null);
