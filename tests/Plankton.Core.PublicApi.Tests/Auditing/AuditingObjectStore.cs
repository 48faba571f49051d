using System.Diagnostics;
using System.Runtime.CompilerServices;
using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.PublicApi.Tests.Auditing;

/// <summary>
/// An <see cref="IObjectStore"/> an outsider would write: it wraps any store and records every call (user,
/// operation, target, outcome, duration) in an <see cref="AuditLog"/> and as an <see cref="Activity"/> of
/// <see cref="ActivitySourceName"/>, and returns fresh copies of the wrapped store's results (<see cref="Rebuild"/>).
/// </summary>
/// <remarks>
/// It adds no behaviour of its own: errors are rethrown as they came, and every check (names, permissions,
/// quotas) stays the wrapped store's. It owns the wrapped store and disposes it. Thread-safe as the wrapped store is.
/// </remarks>
public sealed partial class AuditingObjectStore : IObjectStore, IDisposable
{
    /// <summary>The name of the <see cref="ActivitySource"/> every call starts an activity of.</summary>
    public const string ActivitySourceName = "Plankton.Core.PublicApi.Tests.Auditing";

    /// <summary>The target of the public-URL calls: the token is a secret, so it is never recorded.</summary>
    public const string PublicUrlTarget = "(public url)";

    private static readonly ActivitySource s_source = new(ActivitySourceName);

    private readonly IObjectStore _inner;
    private readonly AuditLog _log;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="AuditingObjectStore"/> class.</summary>
    /// <param name="inner">The store to wrap; disposed with this one.</param>
    /// <param name="log">Where the records go.</param>
    /// <param name="time">The clock of the records' start times and durations; <see langword="null"/> for the system clock.</param>
    public AuditingObjectStore(IObjectStore inner, AuditLog log, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(log);
        _inner = inner;
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public IBlockStore Blocks => _inner.Blocks;

    /// <summary>Disposes the wrapped store.</summary>
    public void Dispose() => (_inner as IDisposable)?.Dispose();

    /// <summary>Records the reading of a stream this store returned, when it is disposed.</summary>
    internal void RecordRead(string? userId, string target, DateTimeOffset at, long started, long bytes, Exception? error) =>
        _log.Add(new AuditRecord(
            at, userId, "Read", target, error is null ? AuditOutcome.Succeeded : OutcomeOf(error), _time.GetElapsedTime(started), error?.GetType().Name, bytes));

    /// <summary>Gets the clock's current time and timestamp, for a read stream's record.</summary>
    internal (DateTimeOffset At, long Started) Now() => (_time.GetUtcNow(), _time.GetTimestamp());

    private static string Describe(ObjectPath? path) => path?.ToString() ?? "(none)";

    private static string Describe(string? account, string? container = null) =>
        container is null ? account ?? "(none)" : $"{account}/{container}";

    private static string Describe(ObjectPath? source, ObjectPath? destination) => $"{Describe(source)} -> {Describe(destination)}";

    private static AuditOutcome OutcomeOf(Exception error) => error switch
    {
        NotAllowedException => AuditOutcome.Refused,
        ObjectNotFoundException => AuditOutcome.NotFound,
        OperationCanceledException => AuditOutcome.Cancelled,
        _ => AuditOutcome.Failed,
    };

    private static string OperationOf(string member) => member.EndsWith("Async", StringComparison.Ordinal) ? member[..^"Async".Length] : member;

    /// <summary>Runs one call of the wrapped store, records it and returns its result rebuilt by <paramref name="rebuild"/>.</summary>
    private async ValueTask<TResult> AuditAsync<TResult>(
        string? userId,
        string target,
        Func<ValueTask<TResult>> call,
        Func<TResult, TResult> rebuild,
        Func<TResult, long?>? bytes = null,
        [CallerMemberName] string member = "")
    {
        string operation = OperationOf(member);
        using Activity? activity = s_source.StartActivity(operation);
        activity?.SetTag("plankton.user", userId);
        activity?.SetTag("plankton.target", target);
        DateTimeOffset at = _time.GetUtcNow();
        long started = _time.GetTimestamp();
        try
        {
            TResult result = await call().ConfigureAwait(false);
            activity?.SetTag("plankton.outcome", nameof(AuditOutcome.Succeeded));
            _log.Add(new AuditRecord(at, userId, operation, target, AuditOutcome.Succeeded, _time.GetElapsedTime(started), null, bytes?.Invoke(result)));
            return rebuild(result);
        }
        catch (Exception error)
        {
            AuditOutcome outcome = OutcomeOf(error);
            activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            activity?.SetTag("plankton.outcome", outcome.ToString());
            _log.Add(new AuditRecord(at, userId, operation, target, outcome, _time.GetElapsedTime(started), error.GetType().Name));
            throw;
        }
    }

    /// <summary>As <see cref="AuditAsync{TResult}"/> for a call that returns a value no one can share (a number, a flag, a token).</summary>
    private ValueTask<TResult> AuditValueAsync<TResult>(string? userId, string target, Func<ValueTask<TResult>> call, [CallerMemberName] string member = "") =>
        AuditAsync(userId, target, call, static result => result, member: member);

    /// <summary>As <see cref="AuditAsync{TResult}"/> for a call that returns nothing.</summary>
    private async ValueTask AuditAsync(string userId, string target, Func<ValueTask> call, [CallerMemberName] string member = "") =>
        await AuditValueAsync(userId, target, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, member).ConfigureAwait(false);
}
