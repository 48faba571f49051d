namespace Plankton.Core.Images;

/// <summary>How an update applies its properties.</summary>
public enum ImagePropertiesMode
{
    /// <summary>Upsert the given keys and remove those given an empty value; others stay (the default).</summary>
    Merge = 0,

    /// <summary>Drop every property first, then set the given ones.</summary>
    Replace = 1,
}
