namespace Plankton.Core.Objects;

/// <summary>The bytes an account or a container holds, and its quota.</summary>
/// <param name="Bytes">
/// The sum of the sizes of every stored version, history included (what quotas are checked against); deletion
/// markers count nothing, and purging history gives its bytes back. Logical bytes: blocks shared between versions or
/// objects count once per version.
/// </param>
/// <param name="Quota">The quota in bytes, or <see langword="null"/> when unlimited.</param>
public sealed record StorageUsage(long Bytes, long? Quota);
