namespace Plankton.Core.Objects;

/// <summary>What a container keeps when an object in it changes (the Pithos <c>versioning</c> policy).</summary>
public enum VersioningPolicy
{
    /// <summary>Keep every version until it is purged (Pithos <c>auto</c>, the default).</summary>
    Auto = 0,

    /// <summary>Keep only the latest version: the previous one is removed when a new one is written (Pithos <c>none</c>).</summary>
    None = 1,
}
