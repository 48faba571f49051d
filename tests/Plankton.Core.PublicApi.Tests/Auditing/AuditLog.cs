using System.Collections.Concurrent;

namespace Plankton.Core.PublicApi.Tests.Auditing;

/// <summary>The records an <see cref="AuditingObjectStore"/> wrote, in the order the calls ended; thread-safe.</summary>
public sealed class AuditLog
{
    private readonly ConcurrentQueue<AuditRecord> _records = new();

    /// <summary>Gets a snapshot of the records so far.</summary>
    public IReadOnlyList<AuditRecord> Records => [.. _records];

    /// <summary>Appends a record.</summary>
    /// <param name="record">The record.</param>
    public void Add(AuditRecord record) => _records.Enqueue(record);

    /// <summary>Removes every record.</summary>
    public void Clear() => _records.Clear();
}
