namespace Plankton.Core.Images;

/// <summary>One version of an image: the image as it was after one change of its object.</summary>
/// <param name="Version">The version serial (the object version's serial in the Pithos backend); increasing, never reused.</param>
/// <param name="Timestamp">When the version was made, in UTC.</param>
/// <param name="ModifiedBy">The user who made it (the owner for changes the backend writes on a member's behalf).</param>
/// <param name="Image">The image as it was at that version (attributes, size and checksum).</param>
public sealed record ImageVersion(long Version, DateTimeOffset Timestamp, string ModifiedBy, ImageRecord Image);
