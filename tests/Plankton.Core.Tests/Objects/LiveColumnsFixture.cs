using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// The objects the schema-version-6 migration tests (SQLite and PostgreSQL) take back to version 5 and migrate:
/// <c>a</c> (30 bytes), <c>b</c> (10 then 20 bytes) and <c>gone</c> (deleted, so no live size or uuid).
/// </summary>
internal static class LiveColumnsFixture
{
    public static async Task WriteAsync(IObjectStore store)
    {
        await store.EnsureAccountAsync("alice", "alice");
        await store.EnsureContainerAsync("alice", "alice", "c");
        await store.WriteAsync("alice", new ObjectPath("alice", "c", "a"), new MemoryStream(new byte[30]));
        await store.WriteAsync("alice", new ObjectPath("alice", "c", "b"), new MemoryStream(new byte[10]));
        await store.WriteAsync("alice", new ObjectPath("alice", "c", "b"), new MemoryStream(new byte[20]));
        await store.WriteAsync("alice", new ObjectPath("alice", "c", "gone"), new MemoryStream(new byte[5]));
        await store.DeleteAsync("alice", new ObjectPath("alice", "c", "gone"));
    }
}
