namespace Plankton.Core.Blocks;

/// <summary>What <see cref="IBlockStore.PutAsync"/> did with a block.</summary>
public enum BlockPutOutcome
{
    /// <summary>The block was absent and is now stored durably.</summary>
    Stored = 0,

    /// <summary>A sound copy of the block was already present (deduplicated); nothing was written.</summary>
    AlreadyPresent = 1,

    /// <summary>A copy was present but did not match its hash; it was replaced with the given bytes.</summary>
    Repaired = 2,
}
