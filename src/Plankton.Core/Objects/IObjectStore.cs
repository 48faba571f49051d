using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Objects;

/// <summary>
/// A Pithos-style object store: accounts, containers and versioned objects whose data is a hashmap of blocks in an
/// <see cref="IBlockStore"/>, with metadata in named domains.
/// </summary>
/// <remarks>
/// <para><b>Users and permissions.</b> Every operation acts on behalf of an explicit user id. The owner of an
/// account (the user whose id equals the account name) may do everything in it; only the owner creates the account
/// and its containers, and sets or reads permissions and groups. Anyone else needs the permissions in force on the
/// object's path (<see cref="SetPermissionsAsync"/>): a read entry lets them read data, info, versions and metadata;
/// a write entry lets them also write, update metadata, delete and purge. Entries name a user, everyone
/// (<see cref="ObjectPermissions.Everyone"/>) or a group (<c>owner:group</c>, see <see cref="SetGroupAsync"/>).
/// The permissions in force on a path are its own when it has any, else those of its nearest folder (a prefix ending
/// at a <c>/</c>) that has any. A refusal throws <see cref="NotAllowedException"/>, also when the container does not
/// exist, so that non-owners learn nothing about what exists.</para>
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
    /// <returns>The new version, with the ingest's hashmap and its new and deduplicated block counts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="data"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidObjectNameException">The user id, content type or a metadata name is not valid.</exception>
    /// <exception cref="NotAllowedException">The user may not write the object.</exception>
    /// <exception cref="ObjectNotFoundException">The account or container does not exist.</exception>
    /// <exception cref="QuotaExceededException">The write would take the container or account over its quota; no version was made (blocks already stored stay).</exception>
    ValueTask<ObjectWriteResult> WriteAsync(
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
    /// <exception cref="QuotaExceededException">The write would take the container or account over its quota; nothing was written.</exception>
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

    /// <summary>
    /// Deletes an object by writing a deletion marker; older versions stay readable by serial until purged. The
    /// permission entries and public URL set on the path are removed with it (spec §9.4).
    /// </summary>
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

    /// <summary>
    /// Sets (replaces) the read and write lists of a path. They apply to the object at the path and, unless a deeper
    /// path has its own, to every object below it (names starting with the path and <c>/</c>): the path acts as a
    /// folder whether or not an object is stored at it. Empty lists remove the path's entries.
    /// </summary>
    /// <param name="userId">The acting user; must be the account's owner.</param>
    /// <param name="path">The path (an object, or a folder prefix without the trailing <c>/</c>); its container must exist.</param>
    /// <param name="permissions">The new lists.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the lists are stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="permissions"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="NotAllowedException">The user is not the account's owner.</exception>
    /// <exception cref="ObjectNotFoundException">The account or container does not exist.</exception>
    ValueTask SetPermissionsAsync(string userId, ObjectPath path, ObjectPermissions permissions, CancellationToken cancellationToken = default);

    /// <summary>Gets the permissions in force on a path: its own, or its nearest folder's, with the path they were set on.</summary>
    /// <param name="userId">The acting user; must be the account's owner.</param>
    /// <param name="path">The path.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The permissions in force and their source; <see cref="ObjectPermissions.None"/> and no source when none apply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="NotAllowedException">The user is not the account's owner.</exception>
    /// <exception cref="ObjectNotFoundException">The account or container does not exist.</exception>
    ValueTask<ObjectPermissionsInfo> GetPermissionsAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default);

    /// <summary>Sets (replaces) the members of one of the account's groups, creating it if needed; permission entries name it <c>account:group</c>.</summary>
    /// <param name="userId">The acting user; must be the account's owner.</param>
    /// <param name="account">The account, which must exist.</param>
    /// <param name="group">The group name: no <c>/</c>, <c>:</c> or control character, at most <see cref="ObjectStoreConstants.MaxGroupLength"/> characters.</param>
    /// <param name="members">The member user ids; at least one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the group is stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="members"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="members"/> is empty (use <see cref="DeleteGroupAsync"/>), or has more than <see cref="ObjectStoreConstants.MaxGroupMembers"/> distinct members.</exception>
    /// <exception cref="ObjectConflictException">The group is new and the account already has <see cref="ObjectStoreConstants.MaxGroupsPerAccount"/> groups.</exception>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    /// <exception cref="NotAllowedException">The user is not the account's owner.</exception>
    /// <exception cref="ObjectNotFoundException">The account does not exist.</exception>
    ValueTask SetGroupAsync(string userId, string account, string group, IReadOnlyCollection<string> members, CancellationToken cancellationToken = default);

    /// <summary>Gets the account's groups and their members, both in ordinal order.</summary>
    /// <param name="userId">The acting user; must be the account's owner.</param>
    /// <param name="account">The account, which must exist.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each group name with its members.</returns>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    /// <exception cref="NotAllowedException">The user is not the account's owner.</exception>
    /// <exception cref="ObjectNotFoundException">The account does not exist.</exception>
    ValueTask<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetGroupsAsync(string userId, string account, CancellationToken cancellationToken = default);

    /// <summary>Deletes one of the account's groups; permission entries naming it then grant nothing.</summary>
    /// <param name="userId">The acting user; must be the account's owner.</param>
    /// <param name="account">The account, which must exist.</param>
    /// <param name="group">The group name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the group existed.</returns>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    /// <exception cref="NotAllowedException">The user is not the account's owner.</exception>
    /// <exception cref="ObjectNotFoundException">The account does not exist.</exception>
    ValueTask<bool> DeleteGroupAsync(string userId, string account, string group, CancellationToken cancellationToken = default);

    /// <summary>Lists the accounts the user may see: their own (when it exists) and those holding a permission entry that names the user, everyone or one of the user's groups.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account names in ordinal order.</returns>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    ValueTask<IReadOnlyList<string>> ListAccountsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Lists an account's containers the user may see: all for the owner, else those holding a permission entry that names the user, everyone or one of the user's groups.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container names in ordinal order (empty for a non-owner with nothing shared, whether or not the account exists).</returns>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    /// <exception cref="ObjectNotFoundException">The user owns the account and it does not exist.</exception>
    ValueTask<IReadOnlyList<string>> ListContainersAsync(string userId, string account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists one page of a container's live objects that the user may read, in ascending name order (ordinal by code
    /// point), filtered by <paramref name="options"/>; the whole filter runs in the catalogue.
    /// </summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="account">The account.</param>
    /// <param name="container">The container.</param>
    /// <param name="options">Prefix, delimiter, marker, limit and filters; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The page, with the marker of the next one. A page may hold fewer entries than the limit, even none, while a
    /// marker follows: a store may end a page that has read many rows its filters reject (the catalogue stores do,
    /// after their <c>ListScanLimit</c>). The listing is complete only when <see cref="ObjectListPage.NextMarker"/> is
    /// <see langword="null"/>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1 to <see cref="ObjectStoreConstants.MaxListLimit"/>, or a size bound is negative.</exception>
    /// <exception cref="ArgumentException">Filters without a domain, too many filters, a control-character delimiter, or a sort order with <see cref="ListObjectsOptions.Until"/>.</exception>
    /// <exception cref="InvalidObjectNameException">A name, the prefix, the marker or the domain is not valid.</exception>
    /// <exception cref="NotAllowedException">A non-owner listed a container that does not exist, or asked for history (<see cref="ListObjectsOptions.Until"/>).</exception>
    /// <exception cref="ObjectNotFoundException">The owner listed a missing account or container.</exception>
    ValueTask<ObjectListPage> ListObjectsAsync(
        string userId,
        string account,
        string container,
        ListObjectsOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies an object's latest version (or a given one) to another path, in the catalogue only: the copy shares the
    /// source's hashmap (no block is read or written), carries its metadata (all domains) and gets a new uuid.
    /// Metadata of one domain given in <paramref name="options"/> is applied to the copy in the same new version (one
    /// transaction, as Pithos' copy with domain, metadata and replace): the copy never exists, not even after a crash,
    /// with the source's keys in a domain the options replace.
    /// </summary>
    /// <param name="userId">The acting user; needs read access to the source and write access to the destination.</param>
    /// <param name="source">The source path.</param>
    /// <param name="destination">The destination path; its container must exist (it may be in another account).</param>
    /// <param name="options">The source version and metadata to apply to the copy; <see langword="null"/> copies the latest version with its metadata unchanged.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version at the destination.</returns>
    /// <exception cref="ArgumentNullException">A path is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The source and destination are the same path.</exception>
    /// <exception cref="InvalidObjectNameException">The metadata domain, a key or a value in <paramref name="options"/> is not valid (checked before anything is written).</exception>
    /// <exception cref="NotAllowedException">The user may not read the source or write the destination.</exception>
    /// <exception cref="ObjectNotFoundException">The source (or its version), or the destination's container, does not exist.</exception>
    /// <exception cref="QuotaExceededException">The copy would take the destination's container or account over its quota; nothing was written.</exception>
    ValueTask<ObjectInfo> CopyAsync(
        string userId,
        ObjectPath source,
        ObjectPath destination,
        ObjectCopyOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves an object to another path, in the catalogue only: the destination gets a new version sharing the source's
    /// hashmap, metadata and uuid, and the source gets a deletion marker (its history stays until purged); the permission
    /// entries and public URL of the source path are removed, as by a delete.
    /// </summary>
    /// <param name="userId">The acting user; needs write access to both paths.</param>
    /// <param name="source">The source path; must be live.</param>
    /// <param name="destination">The destination path; its container must exist.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version at the destination.</returns>
    /// <exception cref="ArgumentNullException">A path is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The source and destination are the same path.</exception>
    /// <exception cref="NotAllowedException">The user may not write one of the paths.</exception>
    /// <exception cref="ObjectNotFoundException">The source, or the destination's container, does not exist.</exception>
    /// <exception cref="QuotaExceededException">The move would take the destination's container or account over its quota; nothing was written.</exception>
    ValueTask<ObjectInfo> MoveAsync(string userId, ObjectPath source, ObjectPath destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets or removes an account's quota: the most bytes its stored versions (history included) may take. A data
    /// write, copy or move that would go over it throws <see cref="QuotaExceededException"/> and commits nothing;
    /// metadata changes and deletions are never refused.
    /// </summary>
    /// <param name="userId">The acting user; must be the account's owner.</param>
    /// <param name="account">The account.</param>
    /// <param name="quota">The quota in bytes, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the quota is stored.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quota"/> is negative.</exception>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    /// <exception cref="NotAllowedException">The user is not the account's owner.</exception>
    /// <exception cref="ObjectNotFoundException">The account does not exist.</exception>
    ValueTask SetAccountQuotaAsync(string userId, string account, long? quota, CancellationToken cancellationToken = default);

    /// <summary>Sets or removes a container's quota, with the same rules as <see cref="SetAccountQuotaAsync"/>.</summary>
    /// <param name="userId">The acting user; must be the account's owner.</param>
    /// <param name="account">The account.</param>
    /// <param name="container">The container.</param>
    /// <param name="quota">The quota in bytes, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the quota is stored.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quota"/> is negative.</exception>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    /// <exception cref="NotAllowedException">The user is not the account's owner.</exception>
    /// <exception cref="ObjectNotFoundException">The account or container does not exist.</exception>
    ValueTask SetContainerQuotaAsync(string userId, string account, string container, long? quota, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an empty container with its permission entries (spec §9.4: Pithos's <c>ContainerNotEmpty</c>). A
    /// container is empty when it holds no object at all: no live object, and no deleted one whose history remains.
    /// </summary>
    /// <param name="userId">The acting user; must own the account.</param>
    /// <param name="account">The account.</param>
    /// <param name="container">The container.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when deleted; <see langword="false"/> when the account or container does not exist.</returns>
    /// <exception cref="NotAllowedException">The user does not own the account.</exception>
    /// <exception cref="ObjectConflictException">The container is not empty (delete its objects and purge their history first).</exception>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    ValueTask<bool> DeleteContainerAsync(string userId, string account, string container, CancellationToken cancellationToken = default);

    /// <summary>Deletes an account that has no container, with its groups (spec §9.11: Pithos's <c>AccountNotEmpty</c>).</summary>
    /// <param name="userId">The acting user; must own the account.</param>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when deleted; <see langword="false"/> when it does not exist.</returns>
    /// <exception cref="NotAllowedException">The user does not own the account.</exception>
    /// <exception cref="ObjectConflictException">The account still has containers.</exception>
    /// <exception cref="InvalidObjectNameException">A name is not valid.</exception>
    ValueTask<bool> DeleteAccountAsync(string userId, string account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a container's versioning policy (spec §9.12). The policy applies per write, as in Pithos: existing
    /// history stays until an object is written again; under <see cref="VersioningPolicy.None"/> that write leaves the
    /// object its new version only.
    /// </summary>
    /// <param name="userId">The acting user; must own the account.</param>
    /// <param name="account">The account.</param>
    /// <param name="container">The container.</param>
    /// <param name="policy">The new policy.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the policy is changed.</returns>
    /// <exception cref="NotAllowedException">The user does not own the account.</exception>
    /// <exception cref="ObjectNotFoundException">The account or container does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The policy is not a defined value.</exception>
    ValueTask SetContainerVersioningAsync(string userId, string account, string container, VersioningPolicy policy, CancellationToken cancellationToken = default);

    /// <summary>Reads the bytes an account (or one of its containers) holds and its quota, as quotas are checked.</summary>
    /// <param name="userId">The acting user; must own the account.</param>
    /// <param name="account">The account.</param>
    /// <param name="container">A container of the account, or <see langword="null"/> for the whole account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The usage and quota.</returns>
    /// <exception cref="NotAllowedException">The user does not own the account.</exception>
    /// <exception cref="ObjectNotFoundException">The account or container does not exist.</exception>
    ValueTask<StorageUsage> GetUsageAsync(string userId, string account, string? container = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Enables or disables the public URL of an object (spec §9.7): a random, unguessable token that lets anyone read
    /// the path's latest version, whatever its permission entries (<see cref="OpenReadByPublicUrlAsync"/>). Apart
    /// from the <c>*</c> read entry. Enabling an object that has one keeps its token; deleting or moving the object
    /// removes it.
    /// </summary>
    /// <param name="userId">The acting user; needs write access.</param>
    /// <param name="path">A live object.</param>
    /// <param name="enabled"><see langword="true"/> to enable, <see langword="false"/> to remove.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token when enabled; <see langword="null"/> when disabled.</returns>
    /// <exception cref="NotAllowedException">The user may not write the object.</exception>
    /// <exception cref="ObjectNotFoundException">The object does not exist or is deleted.</exception>
    ValueTask<string?> SetPublicUrlAsync(string userId, ObjectPath path, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Gets the token of an object's public URL.</summary>
    /// <param name="userId">The acting user; needs read access.</param>
    /// <param name="path">A live object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token, or <see langword="null"/> when the object has no public URL.</returns>
    /// <exception cref="NotAllowedException">The user may not read the object.</exception>
    /// <exception cref="ObjectNotFoundException">The object does not exist or is deleted.</exception>
    ValueTask<string?> GetPublicUrlAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default);

    /// <summary>Gets the latest version of the object a public URL token names, for anyone.</summary>
    /// <param name="token">The token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The object's latest version.</returns>
    /// <exception cref="ObjectNotFoundException">No object has that token (never had, disabled, deleted or moved).</exception>
    ValueTask<ObjectInfo> GetInfoByPublicUrlAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Opens the data of the object a public URL token names, for anyone (as <see cref="OpenReadAsync"/>).</summary>
    /// <param name="token">The token.</param>
    /// <param name="offset">Where to start reading.</param>
    /// <param name="length">How many bytes at most; <see langword="null"/> for the rest of the object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A read-only stream over the object's latest version.</returns>
    /// <exception cref="ObjectNotFoundException">No object has that token.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative offset or length, or an offset beyond the end.</exception>
    ValueTask<Stream> OpenReadByPublicUrlAsync(string token, long offset = 0, long? length = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies a "folder" (spec §9.10, Pithos's copy with a delimiter): the live object at <paramref name="source"/>,
    /// when there is one, and every live object whose name starts with the source's name and
    /// <paramref name="delimiter"/>, each to the same name under <paramref name="destination"/>, as
    /// <see cref="CopyAsync"/> copies one object (no block copied, new uuids). One transaction: all or nothing.
    /// </summary>
    /// <param name="userId">The acting user; needs read access to each source and write access to each destination.</param>
    /// <param name="source">The folder's path.</param>
    /// <param name="destination">The new folder's path; not inside the source's tree.</param>
    /// <param name="delimiter">The character that separates a folder's name from its objects'.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many objects were copied.</returns>
    /// <exception cref="ObjectNotFoundException">The container does not exist, or no live object is at or under the source.</exception>
    /// <exception cref="NotAllowedException">The user may not read a source or write a destination (nothing is copied).</exception>
    /// <exception cref="QuotaExceededException">The copies would exceed a quota (nothing is copied).</exception>
    /// <exception cref="ArgumentException">The paths are the same, the destination is inside the source's tree, or the delimiter is a control character.</exception>
    ValueTask<long> CopyTreeAsync(string userId, ObjectPath source, ObjectPath destination, char delimiter = '/', CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a "folder" as <see cref="CopyTreeAsync"/> copies one, each object as <see cref="MoveAsync"/> moves it
    /// (uuids kept, deletion markers at the sources, the sources' grants cleared). One transaction: all or nothing.
    /// </summary>
    /// <param name="userId">The acting user; needs write access to each source and each destination.</param>
    /// <param name="source">The folder's path.</param>
    /// <param name="destination">The new folder's path; not inside the source's tree.</param>
    /// <param name="delimiter">The character that separates a folder's name from its objects'.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many objects were moved.</returns>
    /// <exception cref="ObjectNotFoundException">The container does not exist, or no live object is at or under the source.</exception>
    /// <exception cref="NotAllowedException">The user may not write a source or a destination (nothing is moved).</exception>
    /// <exception cref="QuotaExceededException">The moved objects would exceed the destination's quota (nothing is moved).</exception>
    /// <exception cref="ArgumentException">The paths are the same, the destination is inside the source's tree, or the delimiter is a control character.</exception>
    ValueTask<long> MoveTreeAsync(string userId, ObjectPath source, ObjectPath destination, char delimiter = '/', CancellationToken cancellationToken = default);
}
