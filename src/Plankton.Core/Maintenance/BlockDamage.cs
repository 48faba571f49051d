namespace Plankton.Core.Maintenance;

/// <summary>What is wrong with a block.</summary>
public enum BlockDamage
{
    /// <summary>The block store does not hold the block.</summary>
    Missing = 1,

    /// <summary>The stored bytes do not match the block's name.</summary>
    Corrupt = 2,
}
