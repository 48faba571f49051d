namespace Plankton.Core.Images;

/// <summary>Where an image is in its lifecycle (the Glance v2 states).</summary>
/// <remarks>
/// <code>
/// (register) ──────────────────────────────▶ active ◀──update──▶ deactivated
/// (put) ─▶ saving ──data complete, verified──▶ active
///            └─ failed / cancelled / mismatch ─▶ removed (no image remains)
/// active | deactivated | killed | queued ──delete──▶ deleted (deleted_at set; refused while protected)
/// </code>
/// <see cref="Queued"/> and <see cref="Killed"/> are part of the model for images made or imported elsewhere; this
/// version's operations never produce them.
/// </remarks>
public enum ImageStatus
{
    /// <summary>The image is recorded but has no data yet.</summary>
    Queued = 0,

    /// <summary>The image's data is being uploaded.</summary>
    Saving = 1,

    /// <summary>The image has its data and may be used.</summary>
    Active = 2,

    /// <summary>The upload failed; the image has no usable data.</summary>
    Killed = 3,

    /// <summary>The image was deleted; its record is kept (with a deletion time) until purged.</summary>
    Deleted = 4,

    /// <summary>The owner has switched the image off; only the owner may read its data.</summary>
    Deactivated = 5,
}
