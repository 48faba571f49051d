using Plankton.Core.Objects;
using Plankton.Core.PublicApi.Tests.Auditing;
using Plankton.Core.Tests.Objects;

namespace Plankton.Core.PublicApi.Tests;

/// <summary>
/// The whole <see cref="IObjectStore"/> contract suite, run through <see cref="AuditingObjectStore"/> over the SQLite
/// store and file-system blocks: an outsider's store, built on public API only, passes every contract test.
/// </summary>
[TestFixture]
public sealed class AuditedSqliteObjectStoreContractTests : SqliteFileSystemObjectStoreFixtureBase
{
    private readonly AuditedContract _audit = new();

    protected override IObjectStore Decorate(IObjectStore store) => _audit.Wrap(store, Time);

    [TearDown]
    public void CheckTheAuditLog() => _audit.CheckAndClear();
}

/// <summary>The contract suite through <see cref="AuditingObjectStore"/> over the PostgreSQL store.</summary>
[TestFixture]
public sealed class AuditedPostgreSqlObjectStoreContractTests : PostgreSqlFileSystemObjectStoreFixtureBase
{
    private readonly AuditedContract _audit = new();

    protected override IObjectStore Decorate(IObjectStore store) => _audit.Wrap(store, Time);

    [TearDown]
    public void CheckTheAuditLog() => _audit.CheckAndClear();
}

/// <summary>
/// What the audited fixtures share: one log per fixture (NUnit runs a fixture's tests one at a time), and the check
/// after every contract test that the log describes the calls the test made.
/// </summary>
internal sealed class AuditedContract
{
    private readonly AuditLog _log = new();
    private int _stores;

    public IObjectStore Wrap(IObjectStore store, TimeProvider time)
    {
        _stores++;
        return new AuditingObjectStore(store, _log, time);
    }

    /// <summary>
    /// A test that made a store called it at least once, and every record is well formed: an error name exactly when
    /// the call failed, a byte count only for data calls.
    /// </summary>
    public void CheckAndClear()
    {
        IReadOnlyList<AuditRecord> records = _log.Records;
        int stores = _stores;
        _log.Clear();
        _stores = 0;
        if (stores > 0)
        {
            records.Should().NotBeEmpty("a contract test that makes a store calls it");
        }

        foreach (AuditRecord r in records)
        {
            r.Operation.Should().NotBeNullOrEmpty().And.NotEndWith("Async");
            r.Duration.Should().BeGreaterThanOrEqualTo(TimeSpan.Zero);
            (r.Error is null).Should().Be(r.Outcome == AuditOutcome.Succeeded, "{0}", r);
            if (r.Bytes is not null)
            {
                r.Operation.Should().BeOneOf("Write", "WriteHashmap", "Read");
            }
        }
    }
}
