using Plankton.Core.Objects;

namespace Plankton.Core.Maintenance;

/// <summary>A version that uses a damaged block.</summary>
/// <param name="Path">The object's path.</param>
/// <param name="Uuid">The object's uuid (an image's id).</param>
/// <param name="Serial">The version's serial.</param>
/// <param name="IsLatest">Whether it is the object's live version (otherwise history).</param>
public sealed record DamagedVersion(ObjectPath Path, Guid Uuid, long Serial, bool IsLatest);
