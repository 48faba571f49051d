using System.Globalization;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Blocks.FileSystem;

/// <summary>Creates a block store's folders and layout file, or checks an existing store against the settings.</summary>
internal static class StoreLayout
{
    private const string FormatLine = "plankton-blocks 1";
    private const string BlockSizeKey = "block-size ";

    public static void CreateOrCheck(string root, string layoutFileName, string blocksPath, int shardCount, int blockSize)
    {
        Directory.CreateDirectory(root);
        string layoutPath = Path.Combine(root, layoutFileName);
        if (File.Exists(layoutPath))
        {
            Check(layoutPath, blockSize);
            return;
        }

        // First opening: make every shard folder, then publish the layout file last, atomically and durably,
        // so a store whose layout file exists is complete.
        Directory.CreateDirectory(blocksPath);
        for (int i = 0; i < shardCount; i++)
        {
            Directory.CreateDirectory(Path.Combine(blocksPath, i.ToString("x2", CultureInfo.InvariantCulture)));
        }

        SyncDirectoryIfSupported(blocksPath);
        string temp = layoutPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            using var writer = new StreamWriter(stream);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{FormatLine}\n{BlockSizeKey}{blockSize}\n"));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, layoutPath, overwrite: true);
        SyncDirectoryIfSupported(root);
        Check(layoutPath, blockSize);
    }

    public static void SyncDirectoryIfSupported(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            NativeFile.SyncDirectory(path);
        }
    }

    private static void Check(string layoutPath, int blockSize)
    {
        string[] lines = File.ReadAllLines(layoutPath);
        if (lines.Length < 2 || lines[0] != FormatLine || !lines[1].StartsWith(BlockSizeKey, StringComparison.Ordinal)
            || !int.TryParse(lines[1].AsSpan(BlockSizeKey.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int stored))
        {
            throw new StoreConfigurationException($"'{layoutPath}' is not a Plankton block store layout file (expected '{FormatLine}').");
        }

        if (stored != blockSize)
        {
            throw new StoreConfigurationException(
                $"The block store at '{Path.GetDirectoryName(layoutPath)}' was created with {stored}-byte blocks; it cannot be opened with {blockSize}-byte blocks.");
        }
    }
}
