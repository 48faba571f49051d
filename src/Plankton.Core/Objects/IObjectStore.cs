using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Objects;

/// <summary>
/// A Pithos-style object store: accounts, containers and versioned objects whose data is a hashmap of blocks in an
/// <see cref="IBlockStore"/>, with metadata in named domains.
/// </summary>
/// <remarks>
/// <para><b>Users.</b> Every operation acts on behalf of an explicit user id. In this version the owner of an
/// account (the user whose id equals the account name) may read and write in it and nobody else may:
/// anything else throws <see cref="NotAllowedException"/>, checked before the catalogue is consulted.</para>
/// <para><b>Thread-safety.</b> Every member may be called concurrently from any number of threads; writes to the
/// catalogue are serialised by the implementation. Streams returned by <see cref="OpenReadAsync"/> are not
/// thread-safe (as streams generally are not).</para>
/// <para><b>Not found.</b> Look-ups never return <see langword="null"/>: a missing account, container, object or
/// version throws <see cref="ObjectNotFoundException"/>, whose <see cref="ObjectNotFoundException.Kind"/> says
/// which. A deleted object is not found by path or uuid, but its older versions stay readable by serial until
/// purged.</para>
/// <para><b>Streams.</b> A stream passed in is read to its end and not disposed: the caller owns it. A stream
/// returned by <see cref="OpenReadAsync"/> belongs to the caller, who disposes it.</para>
/// <para><b>Versions.</b> Every data or metadata change makes a new version with a store-wide increasing serial, a
/// UTC timestamp, the modifying user and the object's uuid (kept across updates, new when the object is created
/// again after a delete). Deleting writes a deletion marker. In a container with
/// <see cref="VersioningPolicy.None"/> only the latest version is kept.</para>
/// <para><b>Names.</b> Every name is validated before use; an invalid one throws
/// <see cref="InvalidObjectNameException"/>.</para>
/// <para><b>Durability.</b> Blocks are durable before the version that references them is committed, and each
/// change is one transaction: a failed or cancelled call leaves no partial version behind.</para>
/// </remarks>
public interface IObjectStore
{
    /// <summary>Gets the block store that holds the objects' data.</summary>
    IBlockStore Blocks { get; }

    /// <summary>Creates an account unless it exists.</summary>
    /// <param name="userId">The acting user; must be the account's owner.</param>
    /// <param name="account">The account name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the account was created; <see langword="false"/> when it already existed.</returns>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    /// <exception cref="NotAllowedException">The user may not create this account.</exception>
    ValueTask<bool> EnsureAccountAsync(string userId, string account, CancellationToken cancellationToken = default);

    /// <summary>Creates a container unless it exists; an existing container keeps its policy.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="account">The account, which must exist.</param>
    /// <param name="container">The container name.</param>
    /// <param name="policy">The versioning policy of a new container.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's versioning policy (the one it already had when it existed).</returns>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="policy"/> is not defined.</exception>
    /// <exception cref="NotAllowedException">The user may not write in the account.</exception>
    /// <exception cref="ObjectNotFoundException">The account does not exist.</exception>
    ValueTask<VersioningPolicy> EnsureContainerAsync(
        string userId,
        string account,
        string container,
        VersioningPolicy policy = VersioningPolicy.Auto,
        CancellationToken cancellationToken = default);

    /// <summary>Writes a new version of an object from a stream, through the ingestion pipeline.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="path">The object path; its container must exist.</param>
    /// <param name="data">The data, read once to its end; not disposed.</param>
    /// <param name="options">Content type, metadata and ingestion settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the write; blocks already stored stay (they are harmless), no version is made.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="data"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidObjectNameException">The user id, content type or a metadata name is not valid.</exception>
    /// <exception cref="NotAllowedException">The user may not write the object.</exception>
    /// <exception cref="ObjectNotFoundException">The account or container does not exist.</exception>
    ValueTask<ObjectInfo> WriteAsync(
        string userId,
        ObjectPath path,
        Stream data,
        ObjectWriteOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a new version of an object from its hashmap, whose blocks must all be in <see cref="Blocks"/>: the
    /// Pithos "send the hashmap first, upload only what is missing" protocol.
    /// </summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="path">The object path; its container must exist.</param>
    /// <param name="size">The object size in bytes.</param>
    /// <param name="blocks">The ordered block hashes: <c>ceil(size / block size)</c> of them (for size 0, none or the one empty hash).</param>
    /// <param name="options">Content type and metadata; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="blocks"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The number of hashes does not match <paramref name="size"/> (or the size is negative).</exception>
    /// <exception cref="MissingBlocksException">Some blocks are not stored; it lists exactly which, and nothing was written.</exception>
    /// <exception cref="InvalidObjectNameException">The user id, content type or a metadata name is not valid.</exception>
    /// <exception cref="NotAllowedException">The user may not write the object.</exception>
    /// <exception cref="ObjectNotFoundException">The account or container does not exist.</exception>
    ValueTask<ObjectInfo> WriteHashmapAsync(
        string userId,
        ObjectPath path,
        long size,
        IReadOnlyList<BlockHash> blocks,
        ObjectWriteOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Opens an object's data (the latest version, or a given one) for reading, block by block.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="path">The object path.</param>
    /// <param name="version">A version serial, or <see langword="null"/> for the latest version.</param>
    /// <param name="offset">The first byte to read; at most the object's size.</param>
    /// <param name="length">The most bytes to read, or <see langword="null"/> for all up to the end; cut at the end of the object.</param>
    /// <param name="cancellationToken">Cancels opening (reads take their own tokens).</param>
    /// <returns>
    /// A read-only, seekable stream over the range, owned by the caller. It reads asynchronously only
    /// (<see cref="Stream.ReadAsync(Memory{byte}, CancellationToken)"/>, <see cref="Stream.CopyToAsync(Stream)"/>),
    /// holds one block in memory, and throws <see cref="BlockNotFoundException"/> from a read if a block has gone.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative or beyond the end, or <paramref name="length"/> is negative.</exception>
    /// <exception cref="NotAllowedException">The user may not read the object.</exception>
    /// <exception cref="ObjectNotFoundException">The object or the version does not exist.</exception>
    ValueTask<Stream> OpenReadAsync(
        string userId,
        ObjectPath path,
        long? version = null,
        long offset = 0,
        long? length = null,
        CancellationToken cancellationToken = default);

    /// <summary>Gets an object's latest version, or a given one.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="path">The object path.</param>
    /// <param name="version">A version serial of this object, or <see langword="null"/> for the latest version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotAllowedException">The user may not read the object.</exception>
    /// <exception cref="ObjectNotFoundException">The account, container, object or version does not exist.</exception>
    ValueTask<ObjectInfo> GetInfoAsync(string userId, ObjectPath path, long? version = null, CancellationToken cancellationToken = default);

    /// <summary>Finds an object by uuid: its latest version, or a given version carrying that uuid.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="uuid">The object's uuid.</param>
    /// <param name="version">A version serial carrying the uuid, or <see langword="null"/> for the latest (live) version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version, with its path.</returns>
    /// <exception cref="NotAllowedException">The user may not read the object.</exception>
    /// <exception cref="ObjectNotFoundException">No live object (or no such version) has the uuid.</exception>
    ValueTask<ObjectInfo> GetInfoByUuidAsync(string userId, Guid uuid, long? version = null, CancellationToken cancellationToken = default);

    /// <summary>Lists an object's versions, oldest first, deletion markers excluded; also works for a deleted object whose history remains.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="path">The object path.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The versions in ascending serial order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotAllowedException">The user may not read the object.</exception>
    /// <exception cref="ObjectNotFoundException">Nothing was ever stored at the path, or everything was purged.</exception>
    ValueTask<IReadOnlyList<ObjectVersionInfo>> ListVersionsAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object by writing a deletion marker; older versions stay readable by serial until purged.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="path">The object path.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The serial of the deletion marker.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotAllowedException">The user may not write the object.</exception>
    /// <exception cref="ObjectNotFoundException">The object does not exist (or is already deleted).</exception>
    ValueTask<long> DeleteAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes an object's history up to a time: every version made at or before <paramref name="until"/> except the
    /// live one. A deleted object whose deletion marker is that old loses everything, and its path is free again.
    /// </summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="path">The object path.</param>
    /// <param name="until">The newest timestamp to remove (inclusive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of version rows removed (deletion markers included).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotAllowedException">The user may not write the object.</exception>
    /// <exception cref="ObjectNotFoundException">Nothing is stored at the path.</exception>
    ValueTask<int> PurgeAsync(string userId, ObjectPath path, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Gets the metadata of one domain of an object's latest version, or of a given version.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="path">The object path.</param>
    /// <param name="domain">The metadata domain (for example <c>plankton</c>).</param>
    /// <param name="version">A version serial, or <see langword="null"/> for the latest version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The domain's keys and values (empty when it has none), ordinal key order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidObjectNameException">The domain is not valid.</exception>
    /// <exception cref="NotAllowedException">The user may not read the object.</exception>
    /// <exception cref="ObjectNotFoundException">The object or the version does not exist.</exception>
    ValueTask<IReadOnlyDictionary<string, string>> GetMetadataAsync(
        string userId,
        ObjectPath path,
        string domain,
        long? version = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the metadata of one domain, making a new version with the same data. Merging upserts the given keys
    /// and deletes those given an empty value; replacing drops every key of the domain first. Other domains are
    /// carried forward unchanged.
    /// </summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="path">The object path.</param>
    /// <param name="domain">The metadata domain.</param>
    /// <param name="metadata">The keys and values; an empty value deletes a key (and is never stored).</param>
    /// <param name="replace"><see langword="true"/> to replace the domain's keys, <see langword="false"/> to merge.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="metadata"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidObjectNameException">The domain, a key or a value is not valid.</exception>
    /// <exception cref="NotAllowedException">The user may not write the object.</exception>
    /// <exception cref="ObjectNotFoundException">The object does not exist.</exception>
    ValueTask<ObjectInfo> UpdateMetadataAsync(
        string userId,
        ObjectPath path,
        string domain,
        IReadOnlyDictionary<string, string> metadata,
        bool replace = false,
        CancellationToken cancellationToken = default);
}
