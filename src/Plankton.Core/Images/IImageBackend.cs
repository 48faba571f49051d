using Plankton.Core.Exceptions;

namespace Plankton.Core.Images;

/// <summary>
/// A Plankton image registry: images are objects whose data lives in a Pithos-style store, with image attributes
/// (name, formats, status, visibility, properties…) recorded beside them.
/// </summary>
/// <remarks>
/// <para><b>Users and access.</b> Every operation acts for an explicit user id (validated like object-store user
/// ids). The owner (the user whose id is the image's account) may do everything. Others may <b>see</b> (get, read
/// data, list their own membership) a public or community image, or a shared image they are a member of (whatever
/// their member status); nothing else. A user who may not see an image gets <see cref="ImageNotFoundException"/>,
/// exactly as for an unknown id, so ids do not leak; a user who may see it but asks to change it (update, delete,
/// unregister, manage members) gets <see cref="NotAllowedException"/>. Only the owner reads a deactivated
/// image's data. <see cref="ImageConstants.AnonymousUser"/> stands for an anonymous caller: it may get, read and list
/// public images (community ones are for users), and is refused everything else (<see cref="NotAllowedException"/>
/// on a public image, <see cref="ImageNotFoundException"/> on any other). In the Pithos backend the access an image grants is also set as read permissions on its object
/// (<c>*</c> for public and community, the members for shared), so object-store clients see the same.</para>
/// <para><b>Thread-safety.</b> Every member may be called concurrently from any number of threads. Each change is
/// atomic, but read-modify-write calls (<see cref="UpdateAsync"/>, <see cref="DeleteAsync"/>, the member calls) are
/// not serialised against each other: of two concurrent changes of one image, the last one wins whole. Returned streams are not
/// thread-safe.</para>
/// <para><b>Not found.</b> Look-ups never return <see langword="null"/>: an unknown id, an object that is not an
/// image, or an image the user may not see throws <see cref="ImageNotFoundException"/>; a missing object given to
/// <see cref="RegisterAsync"/> throws <see cref="ObjectNotFoundException"/> with
/// <see cref="ObjectNotFoundKind.Item"/>.</para>
/// <para><b>Streams.</b> A stream passed to <see cref="PutAsync"/> is read to its end and not disposed: the caller
/// owns it. A stream returned by <see cref="OpenReadAsync"/> belongs to the caller, who disposes it.</para>
/// <para><b>Validation.</b> Attributes are checked against <see cref="PlanktonImageOptions"/> by rules shared by
/// every implementation; a refusal throws <see cref="ImageValidationException"/> whose
/// <see cref="ImageValidationException.Field"/> names the attribute. Nothing is changed by a refused call.</para>
/// <para><b>Time.</b> <see cref="ImageRecord.CreatedAt"/>, <see cref="ImageRecord.UpdatedAt"/> and
/// <see cref="ImageRecord.DeletedAt"/> come from the backend's <see cref="TimeProvider"/>, in UTC.</para>
/// </remarks>
public interface IImageBackend
{
    /// <summary>
    /// Uploads a stream as a new image, in the user's account and the upload container
    /// (<see cref="PlanktonImageOptions.DefaultContainer"/>, made if missing), named
    /// <see cref="ImageCreateRequest.FileName"/> or else the image name.
    /// </summary>
    /// <remarks>
    /// The image exists with status <see cref="ImageStatus.Saving"/> while the data streams in, and becomes
    /// <see cref="ImageStatus.Active"/> only once the data is complete and matches the size and checksum given. If the
    /// upload fails, is cancelled, or does not match, the image is <b>removed</b> (its id is then not found) and the
    /// exception is rethrown: no active or half image remains.
    /// </remarks>
    /// <param name="userId">The acting user, who becomes the owner.</param>
    /// <param name="data">The data, read once to its end; not disposed.</param>
    /// <param name="request">The image attributes, and the expected size and checksum.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The active image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ImageValidationException">An attribute is not valid, or the data does not match <see cref="ImageCreateRequest.Size"/> or <see cref="ImageCreateRequest.Checksum"/> (field <c>size</c> / <c>checksum</c>).</exception>
    /// <exception cref="InvalidObjectNameException">The user id or the file name is not valid.</exception>
    /// <exception cref="ImageConflictException">An object already exists at the upload path.</exception>
    /// <exception cref="NotAllowedException">The user is the anonymous user.</exception>
    /// <exception cref="OperationCanceledException">The upload was cancelled.</exception>
    ValueTask<ImageRecord> PutAsync(string userId, Stream data, ImageCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads a stream as a new image exactly as <see cref="PutAsync"/> does, and also reports how much of the data
    /// was new to the store and how much was deduplicated.
    /// </summary>
    /// <param name="userId">The acting user, who becomes the owner.</param>
    /// <param name="data">The data, read once to its end; not disposed.</param>
    /// <param name="request">The image attributes, and the expected size and checksum.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The active image and the new and deduplicated block and byte counts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or <paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ImageValidationException">An attribute is not valid, or the data does not match <see cref="ImageCreateRequest.Size"/> or <see cref="ImageCreateRequest.Checksum"/> (field <c>size</c> / <c>checksum</c>).</exception>
    /// <exception cref="InvalidObjectNameException">The user id or the file name is not valid.</exception>
    /// <exception cref="ImageConflictException">An object already exists at the upload path.</exception>
    /// <exception cref="NotAllowedException">The user is the anonymous user.</exception>
    /// <exception cref="OperationCanceledException">The upload was cancelled.</exception>
    ValueTask<ImageUploadResult> UploadAsync(string userId, Stream data, ImageCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes an existing object an image (the image id is the object's uuid). Registering an object that already is
    /// an image records the new attributes over the old ones and keeps its id and creation time.
    /// </summary>
    /// <param name="userId">The acting user; must own the object's account.</param>
    /// <param name="location">The object: <c>pithos://account/container/path</c>.</param>
    /// <param name="request">The image attributes, and optionally the size and checksum the object must have.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The active image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="location"/> or <paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ImageValidationException">The location is malformed (field <c>location</c>), an attribute is not valid, or the object does not match the size or checksum given.</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="NotAllowedException">The user does not own the object's account (the anonymous user owns none).</exception>
    /// <exception cref="ObjectNotFoundException">No object is at the location.</exception>
    ValueTask<ImageRecord> RegisterAsync(string userId, string location, ImageCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets an image by id, whatever its status: as it is now, or as it was at one of its versions.</summary>
    /// <remarks>Who may see an image is decided by the image as it is now, also for its older versions.</remarks>
    /// <param name="userId">The acting user (or <see cref="ImageConstants.AnonymousUser"/> for a public image).</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="version">A version from <see cref="ListVersionsAsync"/>, or <see langword="null"/> for the image as it is now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image.</returns>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, the user may not see it, or it has no such version.</exception>
    ValueTask<ImageRecord> GetAsync(string userId, Guid imageId, long? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists an image's versions, oldest first: one per change of the image (made, updated, deleted, members…),
    /// without an upload's intermediate steps, and without versions of its object from before it was an image.
    /// </summary>
    /// <param name="userId">The acting user: anyone who may see the image, but not the anonymous user.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The versions in ascending order; the last one is the image as it is now.</returns>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user is the anonymous user.</exception>
    ValueTask<IReadOnlyList<ImageVersion>> ListVersionsAsync(string userId, Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a new image from an image's data without copying it: the clone shares the source's blocks (in the Pithos
    /// backend its object is a catalogue copy of the source's version, so no byte is read or written).
    /// </summary>
    /// <remarks>
    /// The clone belongs to the acting user, in their upload container under <see cref="ImageCloneRequest.FileName"/>
    /// or the clone's name. It has a new id, the source's size, checksum, formats, properties, tags and minimums, and
    /// is active, private, unprotected and without members, made now. Anyone who may read the source's data may
    /// clone it (a deactivated image: its owner only).
    /// </remarks>
    /// <param name="userId">The acting user, who owns the clone.</param>
    /// <param name="imageId">The image to clone.</param>
    /// <param name="request">The clone's name and object name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The clone.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidObjectNameException">The user id or the file name is not valid.</exception>
    /// <exception cref="ImageValidationException">The name is not valid (field <c>name</c>).</exception>
    /// <exception cref="ImageConflictException">The source has no readable data for the user, or an object already exists at the clone's path.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user is the anonymous user.</exception>
    ValueTask<ImageRecord> CloneAsync(string userId, Guid imageId, ImageCloneRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deactivates an active image: then only its owner may read its data. Deactivating a deactivated image changes nothing.</summary>
    /// <param name="userId">The acting user; must be the owner.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deactivated image.</returns>
    /// <exception cref="ImageConflictException">The image is neither active nor deactivated (saving, deleted…).</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not its owner.</exception>
    ValueTask<ImageRecord> DeactivateAsync(string userId, Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>Reactivates a deactivated image. Reactivating an active image changes nothing.</summary>
    /// <param name="userId">The acting user; must be the owner.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The active image.</returns>
    /// <exception cref="ImageConflictException">The image is neither active nor deactivated (saving, deleted…).</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not its owner.</exception>
    ValueTask<ImageRecord> ReactivateAsync(string userId, Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes an image's attributes; members of <paramref name="update"/> left <see langword="null"/> are unchanged,
    /// so an update that does not mention properties leaves them alone.
    /// </summary>
    /// <param name="userId">The acting user; must be the owner.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is <see langword="null"/>.</exception>
    /// <exception cref="ImageValidationException">A value is not valid, a property is named like an image attribute (for example <c>size</c> or <c>owner</c>, which cannot be changed), or the status asked for is not one an update may set.</exception>
    /// <exception cref="ImageConflictException">The image is deleted, or its status cannot move to the one asked for.</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not its owner, so may not change the image.</exception>
    ValueTask<ImageRecord> UpdateAsync(string userId, Guid imageId, ImageUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Opens an image's data for reading: an active image, or a deactivated one for its owner.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="offset">The first byte to read; at most the image's size.</param>
    /// <param name="length">The most bytes to read, or <see langword="null"/> for all up to the end; cut at the end.</param>
    /// <param name="cancellationToken">Cancels opening (reads take their own tokens).</param>
    /// <returns>
    /// A read-only, seekable stream over the range, owned by the caller. It is never loaded whole (the Pithos backend
    /// holds one block at a time, each checked against its hash by the block store); read it asynchronously.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative or beyond the end, or <paramref name="length"/> is negative.</exception>
    /// <exception cref="ImageConflictException">The image has no readable data (saving, queued, killed or deleted), or is deactivated and the user is not its owner.</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    ValueTask<Stream> OpenReadAsync(string userId, Guid imageId, long offset = 0, long? length = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an image: its status becomes <see cref="ImageStatus.Deleted"/> and <see cref="ImageRecord.DeletedAt"/>
    /// is set; the record and data stay (readable by id, not by <see cref="OpenReadAsync"/>) until purged. Deleting a
    /// deleted image changes nothing.
    /// </summary>
    /// <param name="userId">The acting user; must be the owner.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deleted image.</returns>
    /// <exception cref="ImageConflictException">The image is protected.</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not its owner, so may not delete the image.</exception>
    ValueTask<ImageRecord> DeleteAsync(string userId, Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops an image's attributes and keeps its object: the id is then not found, the data stays readable as an
    /// object. Read access the image granted (public, community or shared) is withdrawn from the object.
    /// </summary>
    /// <param name="userId">The acting user; must be the owner.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the image is gone.</returns>
    /// <exception cref="ImageConflictException">The image is protected.</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not its owner, so may not unregister the image.</exception>
    ValueTask UnregisterAsync(string userId, Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>Lists an image's members in ordinal member order: all of them for the owner, only their own entry for a member.</summary>
    /// <param name="userId">The acting user: the owner or a member.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members and their statuses.</returns>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    ValueTask<IReadOnlyList<ImageMember>> ListMembersAsync(string userId, Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>Shares a shared image with a user, whose status starts <see cref="ImageMemberStatus.Pending"/>; the member can then read it.</summary>
    /// <param name="userId">The acting user; must be the owner.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="memberId">The user to add (a user id, not a group or <c>*</c>, not the owner).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new member.</returns>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageValidationException">The member id is not valid or is the owner (field <c>member</c>), or the image already has <see cref="PlanktonImageOptions.MaxMembers"/> members or the encoded members would be too long (field <c>members</c>).</exception>
    /// <exception cref="ImageConflictException">The image's visibility is not <see cref="ImageVisibility.Shared"/>, or the user is already a member.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not its owner.</exception>
    ValueTask<ImageMember> AddMemberAsync(string userId, Guid imageId, string memberId, CancellationToken cancellationToken = default);

    /// <summary>Stops sharing an image with a member, who can then no longer see it.</summary>
    /// <param name="userId">The acting user; must be the owner.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="memberId">The member to remove.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the user was a member; <see langword="false"/> (nothing changed) otherwise.</returns>
    /// <exception cref="InvalidObjectNameException">A user id is not valid.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not its owner.</exception>
    ValueTask<bool> RemoveMemberAsync(string userId, Guid imageId, string memberId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the members of a shared image: members kept keep their status, new ones are pending, the others lose access.</summary>
    /// <param name="userId">The acting user; must be the owner.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="memberIds">The new members (duplicates ignored; empty removes all).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members, as <see cref="ListMembersAsync"/> returns them to the owner.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="memberIds"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageValidationException">A member id is not valid or is the owner (field <c>member</c>), or the members are too many (field <c>members</c>).</exception>
    /// <exception cref="ImageConflictException">The image's visibility is not <see cref="ImageVisibility.Shared"/> and members are given.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not its owner.</exception>
    ValueTask<IReadOnlyList<ImageMember>> ReplaceMembersAsync(string userId, Guid imageId, IReadOnlyCollection<string> memberIds, CancellationToken cancellationToken = default);

    /// <summary>Accepts an image shared with the acting user (their status becomes <see cref="ImageMemberStatus.Accepted"/>).</summary>
    /// <param name="userId">The acting user; must be a member.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member's entry.</returns>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageConflictException">The image is no longer shared.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not a member (the owner included: only the member answers).</exception>
    ValueTask<ImageMember> AcceptMemberAsync(string userId, Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>Rejects an image shared with the acting user (their status becomes <see cref="ImageMemberStatus.Rejected"/>; they can still read it by id).</summary>
    /// <param name="userId">The acting user; must be a member.</param>
    /// <param name="imageId">The image id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member's entry.</returns>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageConflictException">The image is no longer shared.</exception>
    /// <exception cref="ImageNotFoundException">No image has the id, or the user may not see it.</exception>
    /// <exception cref="NotAllowedException">The user may see the image but is not a member (the owner included).</exception>
    ValueTask<ImageMember> RejectMemberAsync(string userId, Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists one page of the images the user may see and that are listed by default: their own, public ones,
    /// shared images they are a member of with a status in <see cref="ImageListQuery.MemberStatus"/> (default
    /// accepted), and community images only when <see cref="ImageListQuery.Visibility"/> asks for community.
    /// </summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="query">Filters, sort order, marker and limit; <see langword="null"/> for the first page of 25, newest first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page, with the marker of the next one.</returns>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageValidationException">A parameter is not valid (<c>sort_key</c>, <c>sort_dir</c>, <c>limit</c>, <c>status</c>, <c>size_min</c>, <c>created_at</c>…), or the marker is not an image the user may see (field <c>marker</c>).</exception>
    ValueTask<ImageListPage> ListAsync(string userId, ImageListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Lists one page of public images (anyone's, the user's own included).</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="query">Filters, sort order, marker and limit; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page, with the marker of the next one.</returns>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageValidationException">A parameter or the marker is not valid.</exception>
    ValueTask<ImageListPage> ListPublicAsync(string userId, ImageListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists one page of shared images: the user's own shared images that have members
    /// (<see cref="ImageShareDirection.SharedByMe"/>), or other users' shared images the user is a member of with a
    /// status in <see cref="ImageListQuery.MemberStatus"/>, default all (<see cref="ImageShareDirection.SharedWithMe"/>).
    /// </summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="direction">Which side of sharing to list.</param>
    /// <param name="query">Filters, sort order, marker and limit; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page, with the marker of the next one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="direction"/> is not defined.</exception>
    /// <exception cref="InvalidObjectNameException">The user id is not valid.</exception>
    /// <exception cref="ImageValidationException">A parameter or the marker is not valid.</exception>
    ValueTask<ImageListPage> ListSharedAsync(string userId, ImageShareDirection direction, ImageListQuery? query = null, CancellationToken cancellationToken = default);
}
