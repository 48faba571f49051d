namespace Plankton.Core.Objects;

/// <summary>One entry of an object's version list.</summary>
/// <param name="Serial">The version serial.</param>
/// <param name="Timestamp">When the version was made, in UTC.</param>
/// <param name="ModifiedBy">The user who made it.</param>
public sealed record ObjectVersionInfo(long Serial, DateTimeOffset Timestamp, string ModifiedBy);
