namespace Plankton.Core.Images;

/// <summary>A user an image is shared with, and their answer.</summary>
/// <param name="ImageId">The image id.</param>
/// <param name="MemberId">The member's user id.</param>
/// <param name="Status">The member's status.</param>
public sealed record ImageMember(Guid ImageId, string MemberId, ImageMemberStatus Status);
