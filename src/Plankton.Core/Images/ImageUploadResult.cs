namespace Plankton.Core.Images;

/// <summary>What <see cref="IImageBackend.UploadAsync"/> made: the image, and how much of its data was new to the store.</summary>
/// <remarks>
/// A block counts as deduplicated when the store already held it (from another image, an earlier block of the same
/// upload that finished first, or an all-zero block, which is never stored); otherwise it is new (stored, or repaired
/// over a damaged copy). Bytes are input bytes, so <see cref="NewBytes"/> + <see cref="DeduplicatedBytes"/> is the
/// image's size.
/// </remarks>
/// <param name="Image">The active image.</param>
/// <param name="NewBlocks">Blocks the store did not hold and wrote.</param>
/// <param name="NewBytes">Input bytes in those blocks.</param>
/// <param name="DeduplicatedBlocks">Blocks the store already held.</param>
/// <param name="DeduplicatedBytes">Input bytes in those blocks.</param>
public sealed record ImageUploadResult(ImageRecord Image, int NewBlocks, long NewBytes, int DeduplicatedBlocks, long DeduplicatedBytes);
