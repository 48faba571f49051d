using Plankton.Core.Hashing;

namespace Plankton.Core.Maintenance;

/// <summary>A referenced block that is missing or does not match its name, and the versions that use it.</summary>
/// <param name="Hash">The block's name.</param>
/// <param name="Damage">Missing or corrupt.</param>
/// <param name="Versions">The stored versions (history included) whose hashmap holds the block.</param>
public sealed record DamagedBlock(BlockHash Hash, BlockDamage Damage, IReadOnlyList<DamagedVersion> Versions);
