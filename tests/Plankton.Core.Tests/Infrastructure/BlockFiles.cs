using System.Text;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>Looks at and damages the files of a <c>FileSystemBlockStore</c> folder, independently of the store's code.</summary>
internal static class BlockFiles
{
    public const int TrailerSize = 16;

    /// <summary>
    /// Appends the sorted names and lengths of the files under a block folder (temp files included, lock files not), one
    /// per line, to a storage description; nothing when the folder is <see langword="null"/> or absent.
    /// </summary>
    public static void Describe(StringBuilder text, string? blockRoot)
    {
        if (blockRoot is not null && Directory.Exists(blockRoot))
        {
            foreach (string file in Directory.GetFiles(blockRoot, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                text.Append(Path.GetRelativePath(blockRoot, file)).Append(' ').Append(new FileInfo(file).Length).Append('\n');
            }
        }
    }

    /// <summary>The kinds of damage <see cref="Damage"/> can do.</summary>
    public static readonly string[] DamageKinds =
    [
        "flip-first-content-bit", "flip-last-content-bit", "flip-checksum", "flip-magic", "flip-length-field",
        "truncate-one", "truncate-below-trailer", "empty", "extend-one",
    ];

    /// <summary>The kinds of damage that change the file's length.</summary>
    public static readonly string[] LengthDamageKinds = ["truncate-one", "truncate-below-trailer", "empty", "extend-one"];

    /// <summary>Returns where a block's file lives: <c>blocks/&lt;first two hex digits&gt;/&lt;64 hex digits&gt;</c>.</summary>
    public static string BlockPath(string root, BlockHash hash)
    {
        string hex = hash.ToString();
        return Path.Combine(root, "blocks", hex[..2], hex);
    }

    /// <summary>Returns every file under <c>blocks/</c>.</summary>
    public static string[] AllBlockFiles(string root) =>
        Directory.GetFiles(Path.Combine(root, "blocks"), "*", SearchOption.AllDirectories);

    /// <summary>Returns the names of the entries of <c>tmp/</c> (files and folders), sorted.</summary>
    public static string[] TempEntries(string root) =>
        [.. Directory.GetFileSystemEntries(Path.Combine(root, "tmp")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Returns every file anywhere under <c>tmp/</c>, lock files excluded.</summary>
    public static string[] TempFilesOtherThanLocks(string root) =>
        [.. Directory.GetFiles(Path.Combine(root, "tmp"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))];

    /// <summary>Damages a block file of a block with <paramref name="contentLength"/> content bytes.</summary>
    public static void Damage(string path, string kind, int contentLength)
    {
        switch (kind)
        {
            case "flip-first-content-bit":
                FlipBit(path, 0);
                break;
            case "flip-last-content-bit":
                FlipBit(path, contentLength - 1);
                break;
            case "flip-checksum":
                FlipBit(path, contentLength + 3);
                break;
            case "flip-magic":
                FlipBit(path, contentLength + 9);
                break;
            case "flip-length-field":
                FlipBit(path, contentLength + 12);
                break;
            case "truncate-one":
                SetLength(path, contentLength + TrailerSize - 1);
                break;
            case "truncate-below-trailer":
                SetLength(path, TrailerSize - 1);
                break;
            case "empty":
                SetLength(path, 0);
                break;
            case "extend-one":
                SetLength(path, contentLength + TrailerSize + 1);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of damage.");
        }
    }

    /// <summary>Flips the lowest bit of the byte at <paramref name="offset"/>.</summary>
    public static void FlipBit(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"'{path}' is shorter than that.");
        }

        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x01));
    }

    private static void SetLength(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }
}
