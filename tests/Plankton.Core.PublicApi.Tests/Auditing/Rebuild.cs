using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;
using Plankton.Core.Objects;

namespace Plankton.Core.PublicApi.Tests.Auditing;

/// <summary>
/// Builds a fresh copy of every result an <see cref="IObjectStore"/> returns, through public constructors only, so
/// that compiling this file proves an outsider's store can make each result type (and returns no object it shares
/// with the store it wraps).
/// </summary>
public static class Rebuild
{
    /// <summary>Copies a path.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The copy.</returns>
    public static ObjectPath Path(ObjectPath path) => new(path.Account, path.Container, path.Name);

    /// <summary>Copies a version's info.</summary>
    /// <param name="info">The info.</param>
    /// <returns>The copy.</returns>
    public static ObjectInfo Info(ObjectInfo info) =>
        new(Path(info.Path), info.Uuid, info.Serial, info.Size, info.ContentType, info.Hash, info.BlockSize, info.Timestamp, info.ModifiedBy);

    /// <summary>Copies a stream write's result, its ingest and hashmap included.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The copy.</returns>
    public static ObjectWriteResult WriteResult(ObjectWriteResult result)
    {
        IngestResult ingest = result.Ingest;
        var hashmap = new Hashmap(ingest.Hashmap.Blocks, ingest.Hashmap.Size, ingest.Hashmap.BlockSize);
        return new ObjectWriteResult(
            Info(result.Info),
            new IngestResult(hashmap, ingest.NewBlocks, ingest.NewBytes, ingest.DeduplicatedBlocks, ingest.DeduplicatedBytes));
    }

    /// <summary>Copies a version list.</summary>
    /// <param name="versions">The versions.</param>
    /// <returns>The copy.</returns>
    public static IReadOnlyList<ObjectVersionInfo> Versions(IReadOnlyList<ObjectVersionInfo> versions) =>
        [.. versions.Select(v => new ObjectVersionInfo(v.Serial, v.Timestamp, v.ModifiedBy))];

    /// <summary>Copies a listing page: its entries (objects with or without metadata, and subdirectories), marker and sort values.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The copy.</returns>
    public static ObjectListPage Page(ObjectListPage page) =>
        new([.. page.Entries.Select(Entry)], page.NextMarker, page.NextSortValues is null ? null : [.. page.NextSortValues]);

    /// <summary>Copies permission lists.</summary>
    /// <param name="permissions">The lists.</param>
    /// <returns>The copy.</returns>
    public static ObjectPermissions Permissions(ObjectPermissions permissions) => new(permissions.Read, permissions.Write);

    /// <summary>Copies the permissions in force on a path, with where they come from.</summary>
    /// <param name="info">The permissions.</param>
    /// <returns>The copy.</returns>
    public static ObjectPermissionsInfo PermissionsInfo(ObjectPermissionsInfo info) =>
        new(info.Source is null ? null : Path(info.Source), Permissions(info.Permissions)) { IsInherited = info.IsInherited };

    /// <summary>Copies a usage report.</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>The copy.</returns>
    public static StorageUsage Usage(StorageUsage usage) => new(usage.Bytes, usage.Quota);

    /// <summary>Copies a metadata domain, keeping the key order the store gave.</summary>
    /// <param name="metadata">The keys and values.</param>
    /// <returns>The copy.</returns>
    public static IReadOnlyDictionary<string, string> Metadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.ToDictionary(StringComparer.Ordinal);

    /// <summary>Copies an account's groups, keeping their order and their members' order.</summary>
    /// <param name="groups">The groups.</param>
    /// <returns>The copy.</returns>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Groups(IReadOnlyDictionary<string, IReadOnlyList<string>> groups) =>
        groups.ToDictionary(g => g.Key, IReadOnlyList<string> (g) => [.. g.Value], StringComparer.Ordinal);

    /// <summary>Copies a list of names.</summary>
    /// <param name="names">The names.</param>
    /// <returns>The copy.</returns>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> names) => [.. names];

    private static ObjectListEntry Entry(ObjectListEntry entry) => entry switch
    {
        { Info: null } => new ObjectListEntry(entry.Name),
        { Metadata: null } => new ObjectListEntry(Info(entry.Info)),
        _ => new ObjectListEntry(Info(entry.Info), Metadata(entry.Metadata)),
    };
}
