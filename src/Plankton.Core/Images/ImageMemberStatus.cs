namespace Plankton.Core.Images;

/// <summary>Where a member stands on an image shared with them (the Glance v2 member statuses).</summary>
/// <remarks>
/// Only the member changes it (<see cref="IImageBackend.AcceptMemberAsync"/>, <see cref="IImageBackend.RejectMemberAsync"/>).
/// Whatever the status, the member can read the image by id; the status decides only whether it is listed to them
/// by default.
/// </remarks>
public enum ImageMemberStatus
{
    /// <summary>Added by the owner, not yet answered (the status of every new member).</summary>
    Pending = 0,

    /// <summary>Accepted by the member.</summary>
    Accepted = 1,

    /// <summary>Rejected by the member.</summary>
    Rejected = 2,
}
